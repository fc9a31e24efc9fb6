import { Agent, request, errors as undiciErrors } from 'undici';
import type { HttpRequest, HttpResponse } from '@hub/connector-sdk';
import { hubError } from '../errors/index.js';

const MAX_RECORDED_BODY = 8 * 1024;

// undici's request() rather than fetch(): no web streams per call; measured ~20 % of the
// worker's CPU went to fetch internals. Keep-alive connections are reused across events.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });

/** Plain HTTP with a timeout; the answer is returned whatever its status (classification comes after). Redirects are not followed. */
export async function sendHttp(req: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  let response: Awaited<ReturnType<typeof request>>;
  let text: string;
  try {
    response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body),
      dispatcher: agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    text = await response.body.text();
  } catch (err) {
    const timedOut = err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError;
    throw hubError('HUB_ACTION_TRANSIENT', timedOut ? `no answer within ${timeoutMs} ms` : `connection failed: ${(err as Error).message}`, {
      cause: err,
      details: { kind: timedOut ? 'timeout' : 'connection' },
    });
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: unknown = text.length > MAX_RECORDED_BODY ? `${text.slice(0, MAX_RECORDED_BODY)}…` : text;
  if ((headers['content-type'] ?? '').includes('json') && text.length <= MAX_RECORDED_BODY) {
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text: a provider that says JSON and sends something else is recorded as sent
    }
  }
  return { status: response.statusCode, headers, body };
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
