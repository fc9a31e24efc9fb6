import type { HttpRequest, HttpResponse } from '@hub/connector-sdk';
import { hubError } from '../errors/index.js';

const MAX_RECORDED_BODY = 8 * 1024;

/** Plain HTTP with a timeout; the answer is returned whatever its status (classification comes after). */
export async function sendHttp(req: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  let response: Response;
  try {
    response = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError';
    throw hubError('HUB_ACTION_TRANSIENT', timedOut ? `no answer within ${timeoutMs} ms` : `connection failed: ${(err as Error).message}`, {
      cause: err,
      details: { kind: timedOut ? 'timeout' : 'connection' },
    });
  }
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  let body: unknown = text.length > MAX_RECORDED_BODY ? `${text.slice(0, MAX_RECORDED_BODY)}…` : text;
  if ((headers['content-type'] ?? '').includes('json') && text.length <= MAX_RECORDED_BODY) {
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text: a provider that says JSON and sends something else is recorded as sent
    }
  }
  return { status: response.status, headers, body };
}

/** Retry-After as seconds or an HTTP date, in ms from `nowMs`. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

// 409: a concurrent request holds the idempotency key (Stripe's idempotency_key_in_use) — try again later.
const TRANSIENT_STATUS = new Set([408, 409, 425, 429]);

/** transient (retry), permanent (do not retry) or ok, from an HTTP answer. */
export function classifyStatus(status: number): 'ok' | 'transient' | 'permanent' {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 500 || TRANSIENT_STATUS.has(status)) return 'transient';
  return 'permanent';
}
