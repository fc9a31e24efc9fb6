import type { Connector } from '@hub/connector-sdk';
import type { CoreErrorCode } from '../errors/index.js';
import { adapterFor, normalizePayload } from '../processing/normalize-payload.js';
import type { SampleEvent } from './dry-run-event.js';
import type { ExpressionBindings } from './jsonata-expression.js';

/** What a run would evaluate a stored webhook's expressions over, or why it would not get that far. */
export type SampleInput =
  | { ok: true; payload: unknown; bindings: Omit<ExpressionBindings, 'steps'> }
  | { ok: false; code: CoreErrorCode; message: string };

/**
 * The payload and the bindings a workflow run gives its expressions for this stored webhook:
 * `$eventId`, `$account`, `$eventType`, and `$canonical` normalised as the worker does (the
 * connector's adapter, when it has one). Reads nothing else and calls nothing.
 */
export async function sampleInput(catalog: Readonly<Record<string, Connector>>, event: SampleEvent, connectorId: string): Promise<SampleInput> {
  const { data } = event;
  if (data.payload === undefined) return { ok: false, code: 'HUB_PAYLOAD_INVALID', message: data.bodyError ?? 'body is not JSON' };
  const connector = Object.hasOwn(catalog, connectorId) ? catalog[connectorId] : undefined;
  const adapter = adapterFor(connector, data.eventType);
  let canonical: unknown;
  if (connector && adapter) {
    const normalized = await normalizePayload(connector, adapter, data.payload, data.headers ?? {});
    if (!normalized.ok) return { ok: false, code: normalized.code, message: normalized.reason };
    canonical = normalized.value;
  }
  return { ok: true, payload: data.payload, bindings: { eventId: event.eventId, account: event.account, eventType: data.eventType, canonical } };
}
