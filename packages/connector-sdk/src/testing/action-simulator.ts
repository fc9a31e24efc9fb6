/**
 * What the action checks need from a provider simulator. `startCatalogSimulator` of
 * @hub/simulators returns one; the SDK names only this shape so it does not depend on it.
 */
export interface ActionSimulator {
  url: string;
  routes: readonly ActionSimulatorRoute[];
  /** Every request received so far, in order. */
  requests: readonly ActionSimulatorRequest[];
  close(): Promise<void>;
}

export interface ActionSimulatorRoute {
  action: string;
  method: string;
  path: string;
  /** Input the suite runs the action with; `{baseUrl}` in a string becomes the simulator's URL. */
  example?: unknown;
  request: { idempotencyKeyHeader?: string | undefined };
}

export interface ActionSimulatorRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The action of the route that matched, if one did. */
  action?: string | undefined;
  /** How the request differs from the documented shape (no route, a header, a body field). */
  mismatches: readonly { in: string; field: string; message: string }[];
  status: number;
}
