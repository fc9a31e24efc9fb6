import http from 'node:http';
import { checkRequest, type RequestMismatch } from './catalog/check-request.js';
import { matchRoute } from './catalog/match-route.js';
import { SimulatorEntry, type SimulatorEntryInput, type SimulatorRoute } from './catalog/simulator-entry.js';
import { listenOnLoopback } from './listen-on-loopback.js';

export interface SimulatedRequest {
  method: string;
  /** Path with the query string. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed as the route's encoding says (form values coerced to the schema's types); raw text otherwise. */
  body: unknown;
  /** The action of the route that matched, if one did. */
  action?: string;
  /** How the request differs from the documented shape; empty when it matches. */
  mismatches: RequestMismatch[];
  /** The status the simulator answered. */
  status: number;
}

export interface CatalogSimulator {
  url: string;
  /** The routes it serves (as declared, defaults applied): the contract suite reads `example` from them. */
  routes: readonly SimulatorRoute[];
  /** Every request received, in order. */
  requests: SimulatedRequest[];
  /** Every mismatch of every request, each with the request it belongs to. */
  mismatches(): (RequestMismatch & { method: string; path: string })[];
  close(): Promise<void>;
}

const DEFAULT_NOT_FOUND = (method: string, path: string) => ({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } });

/** The 400 answer: names every field that failed, Stripe-style (`param` is the first). */
function invalidRequestBody(mismatches: readonly RequestMismatch[]) {
  const [first] = mismatches;
  const describe = (m: RequestMismatch) => `${m.in} ${m.field || '(whole)'}: ${m.message}`;
  return { error: { type: 'invalid_request_error', param: first?.field, message: mismatches.map(describe).join('; '), mismatches } };
}

/**
 * A local provider that plays a connector's `simulator.yaml`: each declared route answers its
 * documented response; a request that matches no route gets the provider's 404; one that lacks a
 * required header or whose body (JSON, or form-encoded `a[b]=c`) does not validate against the
 * documented JSON Schema gets a 400 naming each field, and is recorded as a mismatch.
 */
export async function startCatalogSimulator(entry: SimulatorEntryInput): Promise<CatalogSimulator> {
  const { routes, notFound } = SimulatorEntry.parse(entry);
  const requests: SimulatedRequest[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? '';
      const path = req.url ?? '/';
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const route = matchRoute(routes, method, path);
      const send = (status: number, headers: Record<string, string>, body: unknown) => {
        res.writeHead(status, headers).end(body === undefined ? '' : JSON.stringify(body));
      };
      if (route === undefined) {
        const mismatches: RequestMismatch[] = [{ in: 'route', field: `${method} ${path.split('?')[0] ?? ''}`, message: 'No documented route matches this method and path' }];
        const status = notFound?.status ?? 404;
        requests.push({ method, path, headers: req.headers, body: rawBody, mismatches, status });
        send(status, notFound?.headers ?? { 'content-type': 'application/json' }, notFound?.body ?? DEFAULT_NOT_FOUND(method, path));
        return;
      }
      let checked: ReturnType<typeof checkRequest>;
      try {
        checked = checkRequest(route, { method, path, headers: req.headers, rawBody });
      } catch (err) {
        // A broken simulator entry (an uncompilable schema) answers, instead of hanging the test.
        const mismatches: RequestMismatch[] = [{ in: 'route', field: route.action, message: `simulator entry cannot check this request: ${(err as Error).message}` }];
        requests.push({ method, path, headers: req.headers, body: rawBody, action: route.action, mismatches, status: 500 });
        send(500, { 'content-type': 'application/json' }, { error: { type: 'simulator_error', message: mismatches[0]!.message } });
        return;
      }
      const { body, mismatches } = checked;
      const status = mismatches.length > 0 ? 400 : route.response.status;
      requests.push({ method, path, headers: req.headers, body, action: route.action, mismatches, status });
      if (mismatches.length > 0) send(400, { 'content-type': 'application/json' }, invalidRequestBody(mismatches));
      else send(route.response.status, route.response.headers, route.response.body);
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    routes,
    requests,
    mismatches: () => requests.flatMap((r) => r.mismatches.map((m) => ({ ...m, method: r.method, path: r.path }))),
    close: listening.close,
  };
}
