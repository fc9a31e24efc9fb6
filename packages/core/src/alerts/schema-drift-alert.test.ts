import { describe, expect, it } from 'vitest';
import { defaultSeverity, driftEventTypeOf, isAlertKind, schemaDriftAlertKind } from './alert-kind.js';
import type { Alert } from './alert-row.js';
import { evidenceLine } from './slack-message.js';

describe('schema_drift:<eventType> alerts', () => {
  it('is a valid kind for the event type names connectors declare, a warning, and gives its event type back', () => {
    for (const eventType of ['customer.created', 'orders/create', 'issues']) {
      const kind = schemaDriftAlertKind(eventType);
      expect(isAlertKind(kind)).toBe(true);
      expect(driftEventTypeOf(kind)).toBe(eventType);
      expect(defaultSeverity(kind)).toBe('warning');
    }
    expect(isAlertKind('schema_drift:')).toBe(false);
    expect(isAlertKind('schema_drift:<!channel>')).toBe(false);
    expect(driftEventTypeOf('data_format')).toBeUndefined();
  });

  it("shows the diff with each payload-chosen field name escaped and as inline code", () => {
    const evidence = {
      eventType: 'customer.created',
      eventId: '0190a6c4-0000-7000-8000-000000000002',
      added: [{ path: 'data.<!channel> *bold*', type: 'string' }],
      removed: [{ path: 'data.a`b', type: 'number' }],
      retyped: [{ path: 'data.n', from: 'number', to: 'string' }],
    };
    expect(evidenceLine({ evidence } as Pick<Alert, 'evidence'>)).toBe("added: `data.&lt;!channel&gt; *bold*` (string); removed: `data.a'b` (number); retyped: `data.n` number → string");
  });
});
