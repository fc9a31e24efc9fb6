import { hubError } from '../errors/index.js';
import { parseRetryAfter, type SendHttp } from '../processing/outbound-http.js';
import type { SlackMessage } from './slack-message.js';

export interface SlackTarget {
  token: string;
  channel: string;
  /** Web API base, default https://slack.com/api (tests: the fake Slack). */
  apiUrl: string;
}

/**
 * chat.postMessage / chat.update. Slack answers most refusals with HTTP 200 and `{ ok: false,
 * error }`: those are failures too; `ratelimited` (or a 429) carries Retry-After.
 */
export async function sendToSlack(
  send: SendHttp,
  target: SlackTarget,
  message: SlackMessage,
  update: { channel: string; ts: string } | undefined,
  nowMs: number,
): Promise<{ channel: string; ts: string }> {
  const method = update ? 'chat.update' : 'chat.postMessage';
  const body = update ? { channel: update.channel, ts: update.ts, ...message } : { channel: target.channel, ...message };
  const res = await send({
    method: 'POST',
    url: `${target.apiUrl.replace(/\/$/, '')}/${method}`,
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json; charset=utf-8' },
    body,
  });
  const answer = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as { ok?: boolean; error?: string; channel?: string; ts?: string };
  if (res.status === 200 && answer.ok === true && answer.channel && answer.ts) return { channel: answer.channel, ts: answer.ts };
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], nowMs);
  const why = answer.error ?? `HTTP ${res.status}`;
  throw hubError('HUB_ALERT_DELIVERY_FAILED', `Slack ${method} failed: ${why}`, { details: { target: 'slack', method, status: res.status, error: why }, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}
