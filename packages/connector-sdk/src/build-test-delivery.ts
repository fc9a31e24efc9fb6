import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Connector, ValueSource } from './define-connector.js';
import { ConnectorDefinitionError, ConnectorNoWebhookError, UnknownEventTypeError } from './errors.js';

export interface TestDeliveryOptions {
  /** Secret to sign with (the connector's `<ID>_WEBHOOK_SECRET`). */
  secret: string;
  /** Clock used for the signed timestamp. */
  nowMs: number;
  /** Provider event id to use instead of a fresh random one. */
  deliveryId?: string;
}

export interface TestDelivery {
  /** Lower-case header names, signature headers included. */
  headers: Record<string, string>;
  /** The exact bytes that were signed. */
  body: Buffer;
  /** The provider event id this delivery carries (the dedupe key). */
  providerEventId: string;
}

type Json = Record<string, unknown>;

/** A top-level field naming the test delivery, in bodies of schemes that dedupe on the body. */
export const TEST_DELIVERY_FIELD = 'hubTestDelivery';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets a dot-separated path in a (cloned) payload, creating objects along the way. */
function setPath(connectorId: string, payload: unknown, path: string, value: unknown): void {
  const segments = path.split('.');
  const last = segments.pop() as string;
  let current = payload;
  for (const segment of segments) {
    if (!isObject(current)) break;
    if (!isObject(current[segment])) current[segment] = {};
    current = current[segment];
  }
  if (!isObject(current)) throw new ConnectorDefinitionError(connectorId, `fixture has no object at "${path}"`);
  current[last] = value;
}

function valueAt(payload: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, segment) => (isObject(node) ? node[segment] : undefined), payload);
}

/** A fresh id shaped like the fixture's: `evt_…` keeps its prefix, a numeric id stays numeric. */
function freshId(source: ValueSource, fixture: unknown): string | number {
  if (source.from === 'header') return randomUUID();
  const current = valueAt(fixture, source.path);
  if (typeof current === 'number') return randomInt(1, 2 ** 47);
  const prefix = typeof current === 'string' ? (/^[A-Za-z]+_/.exec(current)?.[0] ?? '') : '';
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

/**
 * A correctly signed delivery of the connector's fixture for `eventType`, with a fresh
 * provider event id, for `hub send-test`, benchmarks and tests. The body is serialised once
 * and those exact bytes are signed.
 */
export function buildTestDelivery(connector: Connector, eventType: string, options: TestDeliveryOptions): TestDelivery {
  const { webhook } = connector;
  if (webhook === undefined) throw new ConnectorNoWebhookError(connector.id);
  if (!Object.hasOwn(connector.fixtures, eventType)) throw new UnknownEventTypeError(connector.id, eventType);

  const payload: unknown = structuredClone(connector.fixtures[eventType]);
  const id = options.deliveryId ?? freshId(webhook.eventId, payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };

  if (webhook.eventId.from === 'body') setPath(connector.id, payload, webhook.eventId.path, id);
  else headers[webhook.eventId.name.toLowerCase()] = String(id);
  if (webhook.eventType.from === 'body') setPath(connector.id, payload, webhook.eventType.path, eventType);
  else headers[webhook.eventType.name.toLowerCase()] = eventType;
  // Without a signed timestamp the ingress dedupes on the body too: each test delivery carries a
  // body of its own, as each real delivery does (the same bytes again would be answered as a replay).
  if (webhook.scheme.replayProtection === 'body-digest' && webhook.eventId.from === 'header' && isObject(payload)) payload[TEST_DELIVERY_FIELD] = String(id);

  const body = Buffer.from(JSON.stringify(payload));
  const providerEventId = String(id);
  const signed = webhook.scheme.sign({ rawBody: body, secret: options.secret, nowMs: options.nowMs, deliveryId: providerEventId });
  for (const [name, value] of Object.entries(signed)) headers[name.toLowerCase()] = value;
  return { headers, body, providerEventId };
}
