import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { accountHealth, type RateLimitSource } from '@hub/core/health';
import type pg from 'pg';
import { z } from 'zod';
import { queryText } from './lenient-query.js';

const ConnectorParams = z.object({ connector: z.string() });
const AccountsQuery = z.object({
  window: z.enum(['1h', '24h']).default('1h'),
  account: queryText('only this account (the account page)'),
});

export interface AccountRouteDeps {
  pool: pg.Pool;
  connectors: Readonly<Record<string, Connector>>;
  /** The workers' shared limiter, for the headroom per account (omitted: null). */
  rateLimits?: RateLimitSource | undefined;
}

/** GET /api/connectors/:connector/accounts — per account: health, latency, failures by class, rate-limit headroom; failing first, then busiest. */
export function registerAccountRoutes(app: FastifyInstance, { pool, connectors, rateLimits }: AccountRouteDeps): void {
  const doc = {
    summary: 'per account of a connector over 1 h or 24 h: success rate, latency p50/p95, failures by class, rate-limit headroom; failing accounts first, then the busiest',
    description: 'From the per-minute (per-hour) rollups, never a scan of events. `rateLimit` is set where the connector\'s rate limit is kept per account (docs/console.md, "Accounts").',
    params: ConnectorParams,
    query: AccountsQuery,
    answer: '{ window, accounts: [{ account, received, processed, successRate, latencyMs: { p50, p95 }, failures: { transient, permanent, dataFormat, quarantined, deadLettered, callFailures }, failing, calls, throttled, rateLimit }] }',
    errors: { 400: 'HUB_BAD_REQUEST', 404: 'HUB_CONNECTOR_UNKNOWN' },
  };
  app.get('/api/connectors/:connector/accounts', { config: { openapi: doc } }, async (request, reply) => {
    const { connector } = ConnectorParams.parse(request.params);
    if (!Object.hasOwn(connectors, connector)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${connector}"` } });
    const parsed = AccountsQuery.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: { code: 'HUB_BAD_REQUEST', message: z.prettifyError(parsed.error) } });
    const { window, account } = parsed.data;
    return { window, accounts: await accountHealth(pool, connector, { window, account: account || undefined, rateLimits }) };
  });
}
