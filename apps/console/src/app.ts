import { timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { isHubError } from '@hub/core/errors';
import { EventNotifications, type EventStore } from '@hub/core/event-store';
import type { Logger } from '@hub/core/logger';
import type { ConnectorQueues } from '@hub/core/queue';
import { WorkflowStore } from '@hub/core/workflows';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerConnectorRoutes } from './routes/connectors.js';
import { registerDeadLetterRoutes } from './routes/dead-letters.js';
import { registerDriftRoutes } from './routes/drift.js';
import { registerEventListRoutes } from './routes/event-list.js';
import { registerEventSeriesRoutes } from './routes/event-series.js';
import { registerEventStatusRoutes } from './routes/event-statuses.js';
import { registerEventStreamRoutes } from './routes/event-stream.js';
import { registerEventRoutes } from './routes/events.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerWebAssetRoutes } from './routes/web-assets.js';
import { registerWorkflowRoutes } from './routes/workflows.js';
import { registerWorkflowWriteRoutes } from './routes/workflows-write.js';
import { registerWorkflowDryRunRoute } from './routes/workflows-dry-run.js';

export interface ConsoleDeps {
  store: EventStore;
  queues: ConnectorQueues;
  connectors: Readonly<Record<string, Connector>>;
  log: Logger;
  token?: string | undefined;
  /** Hosts a workflow's forward step may name although they resolve to internal addresses (default: none). */
  outboundAllowedHosts?: ReadonlySet<string>;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The console HTTP API (no listen). */
export function buildApp(deps: ConsoleDeps): FastifyInstance {
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }) });
  const { store, queues, connectors, token } = deps;

  if (token) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/api/') && !tokenMatches(request.headers.authorization, token)) {
        return reply.code(401).send({ error: { code: 'HUB_UNAUTHORIZED', message: 'send Authorization: Bearer <HUB_CONSOLE_TOKEN>' } });
      }
    });
  }

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    if (isHubError(err) && err.code === 'HUB_BAD_REQUEST') return reply.code(400).send({ error: { code: err.code, message: err.message } });
    if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: { code: 'HUB_BAD_REQUEST', message: err.message } });
    request.log.error({ err }, 'console API error');
    return reply.code(500).send({ error: { code: 'HUB_INTERNAL', message: 'internal error' } });
  });

  app.get('/healthz', async () => ({ ok: true }));

  registerEventRoutes(app, store);
  registerConnectorRoutes(app, { store, queues, connectors });
  registerDeadLetterRoutes(app, { pool: store.pool, connectors, writesEnabled: Boolean(token) });
  registerHealthRoutes(app, { pool: store.pool, connectors, queues });
  registerDriftRoutes(app, { pool: store.pool, connectors });
  registerAlertRoutes(app, { store, log: deps.log, writesEnabled: Boolean(token) });
  const workflows = new WorkflowStore(store.pool, store);
  registerWorkflowRoutes(app, { workflows, connectors });
  registerWorkflowDryRunRoute(app, { pool: store.pool, connectors });
  registerWorkflowWriteRoutes(app, { workflows, connectors, writesEnabled: Boolean(token), outboundAllowedHosts: deps.outboundAllowedHosts ?? new Set() });
  // The operations console UI and what it reads beyond the API above.
  registerEventListRoutes(app, store.pool);
  registerEventSeriesRoutes(app, store.pool);
  registerEventStatusRoutes(app, store.pool);
  registerEventStreamRoutes(app, new EventNotifications(store.pool, deps.log));
  registerWebAssetRoutes(app);

  return app;
}
