// Imports vitest: kept out of the SDK's main index so vitest never becomes a runtime dependency.
import { describe, expect, it } from 'vitest';
import { buildTestDelivery } from '../build-test-delivery.js';
import type { Connector } from '../define-connector.js';
import { readValue } from '../read-value.js';
import { atPath, requiredPaths, withPath } from './required-paths.js';

export interface ConnectorContractOptions {
  /** Signing secret for the generated deliveries. */
  secret?: string;
  /** Clock for the generated deliveries. */
  nowMs?: number;
}

/** A JSON value of another type than `value`: an object becomes a string, anything else an object. */
function wrongTypeFor(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? 'not-an-object' : { wrongType: true };
}

/**
 * The suite every connector runs: each declared event has a fixture that parses, a fixture
 * missing a required field or holding a wrongly-typed one does not, and a delivery built with
 * buildTestDelivery verifies while a tampered, re-signed, unsigned or stale one does not.
 */
export function describeConnectorContract(connector: Connector, options: ConnectorContractOptions = {}): void {
  const secret = options.secret ?? 'contract-test-secret';
  const nowMs = options.nowMs ?? 1_700_000_000_000;
  const eventTypes = Object.keys(connector.events);

  describe(`${connector.id} connector contract`, () => {
    it('has exactly one fixture per declared event', () => {
      expect(Object.keys(connector.fixtures).sort()).toEqual([...eventTypes].sort());
    });

    for (const type of eventTypes) {
      const schema = connector.events[type]!;
      const fixture = connector.fixtures[type];
      const paths = requiredPaths(schema, fixture);
      const accepted = (candidates: ReadonlyArray<readonly string[]>, change: (path: readonly string[]) => unknown) =>
        candidates.filter((path) => schema.safeParse(change(path)).success).map((path) => path.join('.'));

      it(`parses the ${type} fixture`, () => {
        expect(schema.safeParse(fixture).error).toBeUndefined();
      });

      it(`rejects the ${type} fixture with any required field removed, at any depth`, () => {
        expect(paths.length).toBeGreaterThan(0);
        expect(accepted(paths, (path) => withPath(fixture, path))).toEqual([]);
      });

      it(`rejects the ${type} fixture with any required field of the wrong type, at any depth`, () => {
        const present = paths.filter((path) => atPath(fixture, path) !== null);
        expect(accepted(present, (path) => withPath(fixture, path, { value: wrongTypeFor(atPath(fixture, path)) }))).toEqual([]);
      });
    }

    const { webhook } = connector;
    if (webhook === undefined) {
      it('declares no events, since it receives no webhooks', () => {
        expect(eventTypes).toEqual([]);
      });
      return;
    }

    const verify = (body: Buffer, headers: Record<string, string>, at = nowMs) =>
      webhook.scheme.verify({ rawBody: body, headers, secrets: [secret], nowMs: at });

    for (const type of eventTypes) {
      it(`builds a signed ${type} delivery that verifies and carries its event id and type`, () => {
        const delivery = buildTestDelivery(connector, type, { secret, nowMs });
        const payload: unknown = JSON.parse(delivery.body.toString('utf8'));
        expect(verify(delivery.body, delivery.headers)).toEqual({ ok: true });
        expect(readValue(webhook.eventId, delivery.headers, payload)).toBe(delivery.providerEventId);
        expect(readValue(webhook.eventType, delivery.headers, payload)).toBe(type);
        expect(connector.events[type]!.safeParse(payload).success).toBe(true);
      });
    }

    const [firstType] = eventTypes;
    if (firstType === undefined) return;
    const delivery = () => buildTestDelivery(connector, firstType, { secret, nowMs });

    it('rejects a delivery whose body was tampered with or re-serialised', () => {
      const { body, headers } = delivery();
      const tampered = Buffer.from(body.toString('utf8').replace(/}$/, ',"injected":true}'));
      expect(tampered.equals(body)).toBe(false);
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
      expect(verify(tampered, headers)).toEqual({ ok: false, reason: 'invalid_signature' });
      expect(verify(reserialised, headers)).toEqual({ ok: false, reason: 'invalid_signature' });
    });

    it('rejects a delivery signed with another secret', () => {
      const { body, headers } = buildTestDelivery(connector, firstType, { secret: `${secret}-other`, nowMs });
      expect(verify(body, headers)).toEqual({ ok: false, reason: 'invalid_signature' });
    });

    it('reports a delivery without its signature headers as missing_signature', () => {
      const { body, headers } = delivery();
      for (const name of webhook.scheme.signatureHeaders) delete headers[name];
      expect(verify(body, headers)).toEqual({ ok: false, reason: 'missing_signature' });
    });

    it('gives each test delivery a fresh provider event id', () => {
      expect(delivery().providerEventId).not.toBe(delivery().providerEventId);
    });

    const tolerance = webhook.scheme.toleranceSeconds;
    if (tolerance !== undefined) {
      it(`rejects a delivery signed more than ${tolerance} s before or after now as stale`, () => {
        const { body, headers } = delivery();
        expect(verify(body, headers, nowMs + (tolerance + 1) * 1000)).toEqual({ ok: false, reason: 'stale_timestamp' });
        expect(verify(body, headers, nowMs - (tolerance + 1) * 1000)).toEqual({ ok: false, reason: 'stale_timestamp' });
        expect(verify(body, headers, nowMs + (tolerance - 1) * 1000)).toEqual({ ok: true });
      });
    }
  });
}
