import type { CompiledRoute } from '../routes/index.js';
import { runAction, type ActionEnvironment, type ActionRunResult } from './run-action.js';

export interface RunRouteActionInput extends ActionEnvironment {
  route: CompiledRoute;
  payload: unknown;
  /** The payload's canonical model value, when its connector has an adapter for the event (`$canonical`). */
  canonical?: unknown;
  eventType: string;
}

/** The same key on every redelivery and replay of this event, for this route (or `workflow:<name>:<step>`). */
export function idempotencyKeyFor(eventId: string, routeName: string): string {
  return `${eventId}:${routeName}`;
}

/** Runs one route's action: its JSONata input, through the one outbound machinery (runAction). */
export function runRouteAction(input: RunRouteActionInput): Promise<ActionRunResult> {
  const { route, received } = input;
  const name = route.config.name;
  return runAction(
    {
      label: name,
      describe: `route ${name}`,
      connector: route.config.action.connector,
      action: route.config.action.name,
      idempotencyKey: idempotencyKeyFor(received.stream, name),
      buildInput: () => route.buildInput(input.payload, { eventId: received.stream, account: received.account, eventType: input.eventType, canonical: input.canonical }),
    },
    input,
  );
}
