import { redactValue } from '../redact/index.js';
import { EventTypes } from './event-types.js';

/**
 * Provider data kept as received: later steps read it back (a workflow step after a skipped call
 * reads that call's answer), and the payload it came from is stored unredacted in webhook.received.
 */
const PROVIDER_DATA: Readonly<Record<string, readonly (readonly string[])[]>> = {
  [EventTypes.actionSucceeded]: [['response', 'body']],
  [EventTypes.webhookNormalized]: [['value']],
};

function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), value);
}

function withValueAt(value: unknown, path: readonly string[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const [key, ...rest] = path as [string, ...string[]];
  if (!Object.hasOwn(value, key)) return value;
  // A copy, then its own key set: a leading spread followed by a key costs a new hidden class on
  // Node 20 (CONTRIBUTING, "Object literals on hot paths"). The keys are PROVIDER_DATA's, never __proto__.
  const copy: Record<string, unknown> = { ...value };
  copy[key] = withValueAt(copy[key], rest, leaf);
  return copy;
}

/**
 * The event store's redaction boundary: what the hub records about its own work (requests,
 * answers, errors, dead letters, alerts, operator actions) goes through redactValue, so no
 * credential, secret URL part or error internals reach the `events` table or what is read from
 * it (timelines, DLQ records, `hub dlq`).
 */
export function redactEventData(type: string, data: unknown): unknown {
  const kept = PROVIDER_DATA[type] ?? [];
  const originals = kept.map((path) => at(data, path));
  let redacted = redactValue(kept.reduce((value, path) => withValueAt(value, path, undefined), data));
  kept.forEach((path, i) => {
    if (originals[i] !== undefined) redacted = withValueAt(redacted, path, originals[i]);
  });
  return redacted;
}
