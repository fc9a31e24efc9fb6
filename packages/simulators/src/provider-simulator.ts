import http from 'node:http';
import { listenOnLoopback } from './listen-on-loopback.js';

export interface DownstreamRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface Downstream {
  url: string;
  /** Every request received, replays included. */
  requests: DownstreamRequest[];
  /** Side effects performed: one per distinct Idempotency-Key that got a 2xx. */
  sideEffects: DownstreamRequest[];
  /**
   * Status to answer with for the next requests (default 200); a function can vary it per request.
   * `lose` performs the request, then loses its answer: `hang` never answers, `reset` resets the connection.
   */
  respondWith: (req: DownstreamRequest, index: number) => SimulatedAnswer;
  /** Requests arrived and not yet answered (or dropped): the calls the hub has in flight here now. */
  inFlight: number;
  /** The most requests ever in flight here at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

export interface SimulatedAnswer {
  status: number;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Answers only once this settles (then after `delayMs`): a provider held slow for as long as a test needs. */
  until?: Promise<unknown>;
  body?: string;
  lose?: 'hang' | 'reset';
}

/** Ready-made answers for `respondWith`: the faults a provider shows in real life. */
export const faults = {
  healthy: () => ({ status: 200 }),
  /** 500 Internal Server Error on every call. */
  failing: (status = 500) => () => ({ status }),
  /** Answers after `delayMs` (a slow provider; beyond the hub's timeout it is a timeout). */
  slow: (delayMs: number, status = 200) => () => ({ status, delayMs }),
  /** Fails one call in `every` (deterministic, so tests stay reproducible). */
  flaky: (every: number, status = 503) => (_req: DownstreamRequest, index: number) => ({ status: index % every === 0 ? status : 200 }),
  /** 429 with Retry-After, as Stripe, GitHub and Slack answer over their limits. */
  rateLimited: (retryAfterSeconds: number) => () => ({ status: 429, headers: { 'retry-after': String(retryAfterSeconds) } }),
  /** 200 with a body that is not the JSON its content-type promises. */
  malformed: () => ({ status: 200, body: '{"id": "obj_1", "amount": ' }),
  /** Acts on the request, then never answers (the caller times out after sending). */
  acceptsThenHangs: () => ({ status: 200, lose: 'hang' as const }),
  /** Acts on the request, then resets the connection instead of answering. */
  acceptsThenResets: () => ({ status: 200, lose: 'reset' as const }),
} satisfies Record<string, (...args: never[]) => unknown>;

export interface ProviderSimulatorOptions {
  /** Honour `Idempotency-Key` as Stripe does (default); false: every 2xx is a side effect, as for an API without keys. */
  idempotencyKeys?: boolean;
}

/**
 * A local stand-in for a provider API that honours `Idempotency-Key` the way Stripe
 * documents it: a key seen before with a success gets the saved answer back and
 * performs no second side effect.
 */
export async function startProviderSimulator({ idempotencyKeys = true }: ProviderSimulatorOptions = {}): Promise<Downstream> {
  const saved = new Map<string, { status: number; body: string }>();
  const inFlight = new Set<string>();
  const state: Downstream = {
    url: '',
    requests: [],
    sideEffects: [],
    respondWith: () => ({ status: 200 }),
    inFlight: 0,
    maxInFlight: 0,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    // Counted from arrival until the answer is written or the connection goes, whichever first.
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let counted = true;
    const done = () => {
      if (counted) state.inFlight -= 1;
      counted = false;
    };
    res.on('finish', done);
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // recorded as text
      }
      const request: DownstreamRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      const index = state.requests.push(request) - 1;
      const header = req.headers['idempotency-key'];
      const key = idempotencyKeys ? header : undefined;
      const replay = typeof key === 'string' ? saved.get(key) : undefined;
      if (replay) {
        res.writeHead(replay.status, { 'content-type': 'application/json', 'idempotent-replayed': 'true' }).end(replay.body);
        return;
      }
      if (typeof key === 'string' && inFlight.has(key)) {
        res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'idempotency_error', code: 'idempotency_key_in_use' } }));
        return;
      }
      if (typeof key === 'string') inFlight.add(key);
      const answer = state.respondWith(request, index);
      const send = () => {
        if (answer.lose) {
          state.sideEffects.push(request);
          if (typeof key === 'string') inFlight.delete(key);
          if (answer.lose === 'reset') req.socket.resetAndDestroy();
          return;
        }
        const responseBody = answer.body ?? JSON.stringify(answer.status < 300 ? { id: `obj_${index}`, received: true } : { error: { message: `simulated ${answer.status}` } });
        if (typeof key === 'string') inFlight.delete(key);
        if (answer.status < 300) {
          state.sideEffects.push(request);
          if (typeof key === 'string') saved.set(key, { status: answer.status, body: responseBody });
        }
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(responseBody);
      };
      const answerNow = () => (answer.delayMs ? setTimeout(send, answer.delayMs) : send());
      if (answer.until) void answer.until.then(answerNow, answerNow);
      else answerNow();
    });
  });
  const listening = await listenOnLoopback(server);
  state.url = listening.url;
  state.close = listening.close;
  return state;
}
