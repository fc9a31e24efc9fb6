import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { connectors } from './support/repo-connectors.js';
import { WebhookIngestor } from '@hub/core/event-store';
import { HubMetrics, serveMetrics } from '@hub/core/metrics';
import { buildApp } from '@hub/ingress';
import { testLogger } from './support/silent-logger.js';
import { signedStripeEvent } from './support/stripe-webhooks.js';
import { createTestDatabase } from './support/test-database.js';

describe('metrics', () => {
  it('every metric the Grafana dashboard queries exists', async () => {
    const dashboard = JSON.parse(await readFile(new URL('../docs/grafana-dashboard.json', import.meta.url), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const queried = new Set(
      dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\b((?:hub|nodejs|process)_[a-z0-9_]+)\b/g)].map((m) => (m[1] as string).replace(/_(bucket|sum|count)$/, '')))),
    );
    const metrics = new HubMetrics('test');
    const defined = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    expect(queried.size).toBeGreaterThan(8);
    expect([...queried].filter((name) => !defined.has(name))).toEqual([]);
  });

  it('the ingress counts received, duplicate and refused webhooks on /metrics (its own port, not the public one), labelled by connector only', async () => {
    const db = await createTestDatabase('metrics');
    const metrics = new HubMetrics('ingress');
    const app = buildApp({ connectors, webhookSecrets: new Map([['stripe', ['whsec_metrics']]]), ingestor: new WebhookIngestor(db.pool), pool: db.pool, bodyLimit: 65_536, log: testLogger, metrics });
    const ok = signedStripeEvent('evt_metrics_1', 'whsec_metrics');
    await app.inject({ method: 'POST', url: '/webhooks/stripe', ...ok });
    await app.inject({ method: 'POST', url: '/webhooks/stripe', ...ok });
    await app.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent('evt_metrics_2', 'whsec_wrong') });
    await app.inject({ method: 'POST', url: '/webhooks/no-such-connector', payload: '{}' });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    const endpoint = await serveMetrics(metrics, 0, '127.0.0.1');
    const scraped = await fetch(endpoint.url);
    const res = { statusCode: scraped.status, body: await scraped.text() };
    await endpoint.close();
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('hub_webhooks_received_total{connector="stripe",service="ingress"} 1');
    expect(res.body).toContain('hub_webhooks_duplicate_total{connector="stripe",service="ingress"} 1');
    expect(res.body).toContain('hub_webhooks_rejected_total{connector="stripe",reason="HUB_WEBHOOK_SIGNATURE_INVALID",service="ingress"} 1');
    expect(res.body).not.toContain('no-such-connector');
    expect(res.body).toContain('nodejs_eventloop_lag_p99_seconds');
    await app.close();
    await db.drop();
  });
});
