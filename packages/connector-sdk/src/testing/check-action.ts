import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Connector, HttpResponse } from '../define-connector.js';
import type { ActionSimulator, ActionSimulatorRequest } from './action-simulator.js';
import { fetchHttpClient } from './fetch-http-client.js';

/** One way an action does not do what its provider documents. */
export interface ActionCheckProblem {
  kind:
    | 'no_route' // no simulator route serves the action
    | 'no_example' // the route has no example input
    | 'example_invalid' // the example does not parse with the action's input schema
    | 'run_failed' // run threw
    | 'request_mismatch' // a request differed from the documented shape (path, header, body field)
    | 'route_not_called' // no request reached the action's route as documented
    | 'status_not_2xx' // the action returned a non-2xx answer
    | 'output_invalid' // the answer does not parse with the action's output schema
    | 'idempotency_key_missing'; // the route takes an idempotency key and the request did not carry ctx.idempotencyKey
  message: string;
}

export interface ActionCheckResult {
  problems: ActionCheckProblem[];
  /** What run returned, when it returned. */
  response?: HttpResponse;
  /** The requests the simulator received during the run. */
  requests: ActionSimulatorRequest[];
}

/** The example with `{baseUrl}` replaced in every string, at any depth. */
function withBaseUrl(value: unknown, baseUrl: string): unknown {
  if (typeof value === 'string') return value.replaceAll('{baseUrl}', baseUrl);
  if (Array.isArray(value)) return value.map((item) => withBaseUrl(item, baseUrl));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBaseUrl(v, baseUrl)]));
  return value;
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Runs one action against a simulator with its route's example input, through a real HTTP
 * client (`ctx.baseUrl` = the simulator, `ctx.idempotencyKey` set), and lists every way the
 * call differs from what the provider documents. No vitest here: a test asserts the list.
 */
export async function checkAction(connector: Connector, actionName: string, simulator: ActionSimulator): Promise<ActionCheckResult> {
  const action = connector.actions[actionName];
  const route = simulator.routes.find((r) => r.action === actionName);
  if (action === undefined) return { problems: [{ kind: 'no_route', message: `${connector.id} declares no action ${actionName}` }], requests: [] };
  if (route === undefined) return { problems: [{ kind: 'no_route', message: `simulator.yaml has no route for action ${actionName}` }], requests: [] };
  if (route.example === undefined) return { problems: [{ kind: 'no_example', message: `the ${route.method} ${route.path} route of ${actionName} has no example input` }], requests: [] };

  const input = action.input.safeParse(withBaseUrl(route.example, simulator.url));
  if (!input.success) return { problems: [{ kind: 'example_invalid', message: `example of ${actionName}: ${z.prettifyError(input.error)}` }], requests: [] };

  const idempotencyKey = `contract:${connector.id}:${actionName}:${randomUUID()}`;
  const before = simulator.requests.length;
  const problems: ActionCheckProblem[] = [];
  let response: HttpResponse | undefined;
  try {
    response = await action.run({ http: fetchHttpClient(), idempotencyKey, baseUrl: simulator.url }, input.data);
  } catch (err) {
    problems.push({ kind: 'run_failed', message: `${actionName} threw: ${(err as Error).message}` });
  }
  const requests = simulator.requests.slice(before);

  for (const request of requests) {
    for (const m of request.mismatches) problems.push({ kind: 'request_mismatch', message: `${request.method} ${request.path}: ${m.in} ${m.field}: ${m.message}` });
  }
  const documented = requests.filter((r) => r.action === actionName && r.mismatches.length === 0);
  if (documented.length === 0) problems.push({ kind: 'route_not_called', message: `${actionName} made no documented request to ${route.method} ${route.path} (${requests.length} request(s) received)` });

  const keyHeader = route.request.idempotencyKeyHeader?.toLowerCase();
  if (keyHeader !== undefined) {
    for (const request of documented.filter((r) => headerValue(r.headers[keyHeader]) !== idempotencyKey)) {
      problems.push({ kind: 'idempotency_key_missing', message: `${request.method} ${request.path} did not carry ctx.idempotencyKey in ${keyHeader}` });
    }
  }

  if (response !== undefined) {
    if (response.status < 200 || response.status > 299) problems.push({ kind: 'status_not_2xx', message: `${actionName} returned ${response.status}` });
    else if (action.output !== undefined) {
      const output = action.output.safeParse(response.body);
      if (!output.success) problems.push({ kind: 'output_invalid', message: `answer of ${actionName}: ${z.prettifyError(output.error)}` });
    }
  }
  return { problems, requests, ...(response === undefined ? {} : { response }) };
}
