import { EventEmitter } from 'node:events';
import { Agent, type Dispatcher } from 'undici';
import type { HttpRequest, HttpResponse } from '@hub/connector-sdk';
import { hubError, isHubError } from '../errors/index.js';
import { assertPublicLiteralHost, guardedLookup, isAllowedOrigin, type ResolveHost } from '../ssrf/index.js';
import { onRequestWritten, trackRequestWritten } from './request-written.js';

const MAX_RECORDED_BODY = 8 * 1024;

export interface OutboundPolicy {
  /** Total deadline of one call: connect, headers and body. */
  timeoutMs: number;
  /**
   * Origins exempt from the internal-address block, e.g. a sidecar: `host` (any port) or
   * `host:port`, as OutboundAllowedHosts (HUB_OUTBOUND_ALLOWED_HOSTS) normalises them.
   */
  allowedHosts: ReadonlySet<string>;
  /** How host names are resolved (default: the system's DNS); tests play a DNS that answers internal addresses. */
  resolve?: ResolveHost;
}

export type SendHttp = (req: HttpRequest) => Promise<HttpResponse>;

/** Reads at most `limit` bytes of a body, then drops the rest (and the connection) unread. */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      return { text: Buffer.concat(chunks).subarray(0, limit).toString('utf8'), truncated: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/**
 * The one way the hub calls out: a total deadline (connect, headers and body), no redirects,
 * no internal addresses (SSRF guard, checked on the resolved addresses the socket then uses),
 * and only the first 8 KiB of a body read (what the event store records). The answer is
 * returned whatever its status: classification comes after.
 */
export function createOutboundHttp(policy: OutboundPolicy): SendHttp {
  // undici's request() rather than fetch(): no web streams per call (fetch internals took ~20 %
  // of the worker's CPU). Keep-alive connections are reused across events.
  // undici does not abort a request whose socket is still connecting: the connect timeout keeps
  // the deadline total. trackRequestWritten tells "never sent" from "sent, answer unknown".
  const pool = { keepAliveTimeout: 30_000, connections: 128 };
  const guarded = new Agent({ connect: { lookup: guardedLookup(policy.resolve), timeout: policy.timeoutMs }, ...pool }).compose(trackRequestWritten);
  // Origins the operator allowed get a pool of their own: a connection the guard would refuse is
  // never in the guarded pool, and the exemption cannot leak to another port of the same host.
  let exempt: Dispatcher | undefined;
  return async (req) => {
    const url = new URL(req.url);
    if (isAllowedOrigin(url, policy.allowedHosts)) {
      exempt ??= new Agent({ connect: { timeout: policy.timeoutMs }, ...pool }).compose(trackRequestWritten);
      return send(exempt, policy.timeoutMs, req, url);
    }
    assertPublicLiteralHost(url);
    return send(guarded, policy.timeoutMs, req, url);
  };
}

async function send(agent: Dispatcher, timeoutMs: number, req: HttpRequest, url: URL): Promise<HttpResponse> {
  // An EventEmitter as the abort signal (undici takes one), not an AbortController: on Node 20
  // every AbortSignal is given hidden classes of its own (CONTRIBUTING, "Object literals on hot paths").
  const abort = new EventEmitter();
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    abort.emit('abort');
  }, timeoutMs);
  let response: Dispatcher.ResponseData;
  let read: { text: string; truncated: boolean };
  let written = false;
  try {
    // The dispatcher's own request() with origin and path: undici's top-level request(url, options)
    // copies the options into a literal behind a leading spread, a new hidden class per call on Node 20.
    const options = {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: req.headers,
      body: req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body),
      signal: abort,
      [onRequestWritten]: () => (written = true),
    };
    response = await agent.request(options);
    read = await readCapped(response.body, MAX_RECORDED_BODY);
  } catch (err) {
    if (isHubError(err)) throw err;
    const blocked = (err as { cause?: unknown }).cause;
    if (isHubError(blocked)) throw blocked;
    const kind = timedOut ? 'timeout' : 'connection';
    // Refused, unresolvable or not connected in time: nothing left, a retry is safe. Once the
    // request was written the provider may have acted: only an idempotent action may repeat it.
    if (!written) throw hubError('HUB_ACTION_TRANSIENT', timedOut ? `not connected within ${timeoutMs} ms` : `connection failed: ${(err as Error).message}`, { cause: err, details: { kind, sent: false } });
    throw hubError('HUB_ACTION_OUTCOME_UNKNOWN', timedOut ? `sent, but no complete answer within ${timeoutMs} ms` : `sent, but the connection failed before the whole answer: ${(err as Error).message}`, {
      cause: err,
      details: { kind, sent: true },
    });
  } finally {
    clearTimeout(deadline);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: unknown = read.truncated ? `${read.text}…` : read.text;
  if (!read.truncated && (headers['content-type'] ?? '').includes('json')) {
    try {
      body = JSON.parse(read.text);
    } catch {
      // keep the text: a provider that says JSON and sends something else is recorded as sent
    }
  }
  return { status: response.statusCode, headers, body };
}

const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** SQS cannot hide a message longer than 12 h: a later Retry-After is waited in several steps. */
export const MAX_RETRY_AFTER_MS = 12 * 3600 * 1000;

/** Retry-After as delta-seconds or an IMF-fixdate (RFC 9110), in ms from `nowMs`; anything else is ignored. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number | undefined;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else if (HTTP_DATE.test(trimmed)) ms = Math.max(0, Date.parse(trimmed) - nowMs);
  return ms === undefined || Number.isNaN(ms) ? undefined : Math.min(ms, MAX_RETRY_AFTER_MS);
}

const TRANSIENT_STATUS = new Set([408, 409, 425, 429]);

/** transient (retry), permanent (do not retry) or ok, from an HTTP answer. */
export function classifyStatus(status: number): 'ok' | 'transient' | 'permanent' {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 500 || TRANSIENT_STATUS.has(status)) return 'transient';
  return 'permanent';
}
