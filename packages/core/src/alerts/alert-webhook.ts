import { createHmac, timingSafeEqual } from 'node:crypto';
import { hubError } from '../errors/index.js';
import { parseRetryAfter, type SendHttp } from '../processing/outbound-http.js';

export interface WebhookTarget {
  url: string;
  secret: string;
}

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const ALERT_SIGNATURE_HEADER = 'x-hub-alert-signature';

export function signAlertBody(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export type AlertSignatureCheck = { ok: true } | { ok: false; reason: 'missing_signature' | 'malformed_signature' | 'invalid_signature' | 'stale_timestamp' };

/** For receivers: checks the header over the raw body, within `toleranceS` of `nowMs`. */
export function verifyAlertSignature({ secret, body, header, nowMs, toleranceS = 300 }: { secret: string; body: string; header: string | undefined; nowMs: number; toleranceS?: number }): AlertSignatureCheck {
  if (!header) return { ok: false, reason: 'missing_signature' };
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) return { ok: false, reason: 'malformed_signature' };
  if (Math.abs(nowMs / 1000 - t) > toleranceS) return { ok: false, reason: 'stale_timestamp' };
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex')) ? { ok: true } : { ok: false, reason: 'invalid_signature' };
}

/** POSTs the JSON, signed; any non-2xx is a failure (429/503 with Retry-After are waited). */
export async function sendToWebhook(send: SendHttp, target: WebhookTarget, payload: Record<string, unknown>, deliveryId: string, nowMs: number): Promise<void> {
  const body = JSON.stringify(payload);
  const res = await send({
    method: 'POST',
    url: target.url,
    headers: { 'content-type': 'application/json', [ALERT_SIGNATURE_HEADER]: signAlertBody(target.secret, body, nowMs), 'x-hub-delivery-id': deliveryId },
    body,
  });
  if (res.status >= 200 && res.status < 300) return;
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], nowMs);
  throw hubError('HUB_ALERT_DELIVERY_FAILED', `alert webhook answered ${res.status}`, { details: { target: 'webhook', status: res.status }, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}
