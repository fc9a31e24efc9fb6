import { describe, expect, it } from 'vitest';
import type { DryRunResult } from '@hub/core/workflows';
import { dryRunText } from './workflow-text.js';

const result = (steps: DryRunResult['events'][number]['steps']): DryRunResult => ({
  name: 'orders-to-crm',
  version: 2,
  trigger: { connector: 'shopify', event: 'orders/create' },
  events: [{ eventId: '00000000-0000-4000-8000-000000000001', providerEventId: null, account: null, receivedAt: new Date(0), outcome: 'would_run', steps }],
  totals: { would_run: 1, filtered: 0, error: 0 },
});

describe('dryRunText', () => {
  it('notes a call node’s own retry limit on its step, and nothing on a call without one', () => {
    const lines = dryRunText(
      result([
        { id: 'crm', type: 'action', outcome: 'would_send', action: 'http.post', input: { order: 1 }, retry: { retries: 2 } },
        { id: 'tell', type: 'notify', outcome: 'would_send', action: 'slack.post_message', text: 'order 1', retry: { retries: 0 } },
        { id: 'audit', type: 'forward', outcome: 'would_send', action: 'http.post', input: { url: 'https://audit.example.com' } },
      ]),
    );
    expect(lines.find((l) => l.includes(' crm '))).toMatch(/http\.post \{"order":1\} {2}\(retries: 2, at most 3 attempts\)$/);
    expect(lines.find((l) => l.includes(' tell '))).toMatch(/slack\.post_message "order 1" {2}\(retries: 0, at most 1 attempt\)$/);
    expect(lines.find((l) => l.includes(' audit '))).not.toContain('retries');
  });
});
