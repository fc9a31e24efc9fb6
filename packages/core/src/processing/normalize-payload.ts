import { isHubError, jsonataLimitCode, readValue, UnknownEventTypeError, type Connector, type EventAdapter } from '@hub/connector-sdk';
import { parseCanonical } from '@hub/models';
import type { z } from 'zod';

export type Normalized = { ok: true; model: string; version: string; value: unknown };

/** Why a payload could not be normalized: the data of its webhook.quarantined event. */
export interface NormalizeFailure {
  ok: false;
  code: 'HUB_PAYLOAD_VERSION_UNKNOWN' | 'HUB_PAYLOAD_INVALID' | 'HUB_CANONICAL_INVALID' | 'HUB_JSONATA_TIMEOUT' | 'HUB_JSONATA_RESOURCE_LIMIT';
  reason: string;
  class: 'data_format';
  model: string;
  /** The versions whose schema or mapping was tried, in order. */
  tried: string[];
  issues?: z.core.$ZodIssue[] | Record<string, z.core.$ZodIssue[]>;
}

/** The adapter of an event type, when the connector declares one (own properties only). */
export function adapterFor(connector: Connector | undefined, eventType: string): EventAdapter | undefined {
  const adapters = connector?.adapters;
  return adapters && Object.hasOwn(adapters, eventType) ? adapters[eventType] : undefined;
}

/**
 * Maps a payload to its canonical model. The version is the one the payload names (the
 * connector's `apiVersion`), else the first whose schema parses (versions are newest first).
 * Nothing half-parsed goes on: any failure is a data-format failure naming the versions tried.
 * Throws only a retryable HubError (a declarative mapping that found the JSONata pool full).
 */
export async function normalizePayload(
  connector: Connector,
  adapter: EventAdapter,
  payload: unknown,
  headers: Readonly<Record<string, string>>,
): Promise<Normalized | NormalizeFailure> {
  const { model } = adapter;
  const known = Object.keys(adapter.versions);
  const named = connector.apiVersion ? readValue(connector.apiVersion, headers, payload) : undefined;
  const fail = (code: NormalizeFailure['code'], reason: string, tried: string[], issues?: NormalizeFailure['issues']): NormalizeFailure => ({
    ok: false,
    code,
    reason,
    class: 'data_format',
    model,
    tried,
    ...(issues ? { issues } : {}),
  });

  let version: string | undefined;
  let parsed: unknown;
  if (named !== undefined) {
    if (!Object.hasOwn(adapter.versions, named)) {
      return fail('HUB_PAYLOAD_VERSION_UNKNOWN', `payload names API version "${named}"; the ${model} adapter knows ${known.join(', ')}`, []);
    }
    const result = adapter.versions[named]!.schema.safeParse(payload);
    if (!result.success) return fail('HUB_PAYLOAD_INVALID', `payload names API version "${named}" but does not match its schema (tried ${named})`, [named], result.error.issues);
    version = named;
    parsed = result.data;
  } else {
    const issues: Record<string, z.core.$ZodIssue[]> = {};
    for (const candidate of known) {
      const result = adapter.versions[candidate]!.schema.safeParse(payload);
      if (result.success) {
        version = candidate;
        parsed = result.data;
        break;
      }
      issues[candidate] = result.error.issues;
    }
    if (version === undefined) return fail('HUB_PAYLOAD_VERSION_UNKNOWN', `payload matches none of the ${model} adapter's versions (tried ${known.join(', ')})`, known, issues);
  }

  const tried = named !== undefined ? [version] : known.slice(0, known.indexOf(version) + 1);
  let value: unknown;
  try {
    value = await adapter.versions[version]!.toCanonical(parsed);
  } catch (err) {
    // A full JSONata pool (retryable) is no fault of the payload: the caller lets the message wait.
    if (isHubError(err) && err.retryable) throw err;
    return fail(jsonataLimitCode(err) ?? 'HUB_CANONICAL_INVALID', `mapping of API version "${version}" to ${model} failed: ${(err as Error).message}`, tried);
  }
  const canonical = parseCanonical(model, value);
  if (canonical.ok) return { ok: true, model, version, value: canonical.value };
  if (canonical.reason === 'unknown_model') return fail('HUB_CANONICAL_INVALID', `the adapter names "${model}", which is not a canonical model`, tried);
  return fail('HUB_CANONICAL_INVALID', `API version "${version}" mapped to an invalid ${model}`, tried, canonical.issues);
}

/**
 * A connector's fixture of `eventType` (or a variant of it), normalised exactly as the worker
 * normalises a payload: for adapter tests.
 */
export async function normalizeFixture(connector: Connector, eventType: string, payload: unknown = connector.fixtures[eventType]): Promise<Normalized | NormalizeFailure> {
  const adapter = adapterFor(connector, eventType);
  if (!adapter) throw new UnknownEventTypeError(connector.id, `${eventType} (no canonical adapter)`);
  return normalizePayload(connector, adapter, payload, {});
}
