import { describe, expect, it } from 'vitest';
import type { ConnectorHealth, ConnectorSummary, WindowHealth } from '../api/types';
import { connectorStatus } from './connector-status';

const summary: ConnectorSummary = { id: 'stripe', name: 'Stripe', version: '1', receivesWebhooks: true, events: [], actions: [], counts: { received: 10, processed: 10, failed: 0, quarantined: 0, deadLettered: 0 }, queue: null };

function window(overrides: Partial<WindowHealth> = {}): WindowHealth {
  return { received: 0, processed: 0, failed: { transient: 0, permanent: 0 }, quarantined: 0, deadLettered: 0, successRate: null, latencyMs: { p50: null, p95: null, p99: null }, ...overrides };
}
function health(five: Partial<WindowHealth>, hour: Partial<WindowHealth> = {}, circuit?: ConnectorHealth['circuit']): ConnectorHealth {
  return { connector: 'stripe', windows: { '5m': window(five), '1h': window(hour), '24h': window() }, lastSuccessAt: null, ...(circuit === undefined ? {} : { circuit }) };
}

describe('connector traffic light', () => {
  it('is green when every finished webhook of the last 5 minutes succeeded', () => {
    expect(connectorStatus(summary, health({ received: 50, processed: 50, successRate: 1 })).colour).toBe('green');
  });
  it('is red below 90 % success', () => {
    expect(connectorStatus(summary, health({ processed: 8, deadLettered: 2, successRate: 0.8 })).colour).toBe('red');
  });
  it('is red when attempts fail and nothing was processed, before anything is dead-lettered', () => {
    expect(connectorStatus(summary, health({ received: 3, failed: { transient: 3, permanent: 0 } })).colour).toBe('red');
  });
  it('is red when the circuit is open, whatever the success rate', () => {
    expect(connectorStatus(summary, health({ processed: 5, successRate: 1 }, {}, { state: 'open' })).colour).toBe('red');
    expect(connectorStatus(summary, health({ processed: 5, successRate: 1 }, {}, 'open')).colour).toBe('red');
  });
  it('is amber with retries pending next to successes, or a dead letter in the last hour', () => {
    expect(connectorStatus(summary, health({ processed: 20, successRate: 1, failed: { transient: 1, permanent: 0 } })).colour).toBe('amber');
    expect(connectorStatus(summary, health({ processed: 20, successRate: 1 }, { deadLettered: 1 })).colour).toBe('amber');
  });
  it('is idle for a connector that never saw traffic', () => {
    expect(connectorStatus({ ...summary, counts: { ...summary.counts, received: 0 } }, undefined).colour).toBe('idle');
  });
});
