import helmet from '@fastify/helmet';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { fastifyServerLimits, type HttpServerLimits } from '@hub/core/config';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { isHubError } from '@hub/core/errors';
import { EventNotifications, type EventStore } from '@hub/core/event-store';
import type { RateLimitSource } from '@hub/core/health';
import type { Logger } from '@hub/core/logger';
import type { ConnectorQueues } from '@hub/core/queue';
import { WorkflowRuns, WorkflowStore } from '@hub/core/workflows';
import { registerApiScopes } from './auth/api-scopes.js';
import { ConsoleAuth } from './auth/console-auth.js';
import { CONSOLE_SECURITY_HEADERS } from './auth/security-headers.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerAlertOperatorRoutes, registerAlertRoutes } from './routes/alerts.js';
import { registerConnectorRoutes } from './routes/connectors.js';
import { registerConnectorTimeSeriesRoute } from './routes/connector-timeseries.js';
import { registerDeadLetterRoutes, registerReplayRoute } from './routes/dead-letters.js';
import { registerDriftRoutes } from './routes/drift.js';
import { registerDriftAcceptRoute } from './routes/drift-accept.js';
import { registerEventListRoutes } from './routes/event-list.js';
import { registerEventExportRoute } from './routes/event-export.js';
import { registerEventStatusRoutes } from './routes/event-statuses.js';
import { registerEventStreamRoutes } from './routes/event-stream.js';
import { registerEventRoutes } from './routes/events.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerOpenApiRoute } from './routes/openapi.js';
import { registerOverviewTimeSeriesRoute } from './routes/overview-timeseries.js';
import { ApiRouteCatalog } from './openapi/api-route-catalog.js';
import { registerWebAssetRoutes } from './routes/web-assets.js';
import { registerWorkflowRoutes } from './routes/workflows.js';
import { registerWorkflowWriteRoutes } from './routes/workflows-write.js';
import { registerWorkflowDryRunRoute } from './routes/workflows-dry-run.js';
import { registerWorkflowPreviewRoutes } from './routes/workflows-preview.js';
import { registerWorkflowReplayRoute } from './routes/workflows-replay.js';
import { registerWorkflowRunRoutes } from './routes/workflows-runs.js';

/** Who may use the console API. */
export interface ConsoleAccess {
  /** HUB_CONSOLE_TOKEN: an operator token that needs no database row. */
  bootstrapToken?: string | undefined;
  /**
   * Development only: while no credential exists (no bootstrap token, no active named token),
   * loopback requests addressed to a loopback name may read without a token. Never in production.
   */
  openReadsWithoutCredential: boolean;
}

export interface ConsoleDeps {
  store: EventStore;
  queues: ConnectorQueues;
  connectors: Readonly<Record<string, Connector>>;
  log: Logger;
  access: ConsoleAccess;
  /** Hosts a workflow's forward step may name although they resolve to internal addresses (default: none). */
  outboundAllowedHosts?: ReadonlySet<string>;
  /** The workers' shared rate limiter, for the headroom per account (omitted: shown as unknown). */
  rateLimits?: RateLimitSource | undefined;
  /** Slow-client limits of the HTTP server (header and request timeouts, keep-alive, header size). */
  http?: HttpServerLimits;
}

/** The console HTTP API and UI (no listen). */
export function buildApp(deps: ConsoleDeps): FastifyInstance {
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), ...(deps.http ? fastifyServerLimits(deps.http) : {}) });
  const { store, queues, connectors } = deps;
  const auth = new ConsoleAuth({ tokens: new ApiTokenStore(store.pool), ...deps.access });

  app.register(helmet, CONSOLE_SECURITY_HEADERS);

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    if (isHubError(err) && err.code === 'HUB_BAD_REQUEST') return reply.code(400).send({ error: { code: err.code, message: err.message } });
    if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: { code: 'HUB_BAD_REQUEST', message: err.message } });
    request.log.error({ err }, 'console API error');
    return reply.code(500).send({ error: { code: 'HUB_INTERNAL', message: 'internal error' } });
  });

  app.get('/healthz', async () => ({ ok: true }));

  const workflows = new WorkflowStore(store.pool, store);
  const outboundAllowedHosts = deps.outboundAllowedHosts ?? new Set<string>();
  const catalog = new ApiRouteCatalog();
  registerApiScopes(app, { auth, store, catalog }, {
    viewer(api) {
      registerOpenApiRoute(api, catalog);
      registerEventRoutes(api, store);
      registerConnectorRoutes(api, { store, queues, connectors });
      registerDeadLetterRoutes(api, { pool: store.pool, connectors });
      registerHealthRoutes(api, { pool: store.pool, connectors, queues });
      registerDriftRoutes(api, { pool: store.pool, connectors });
      registerAccountRoutes(api, { pool: store.pool, connectors, rateLimits: deps.rateLimits });
      registerAlertRoutes(api, { store, log: deps.log });
      registerWorkflowRoutes(api, { workflows, runs: new WorkflowRuns(store.pool), connectors });
      registerWorkflowRunRoutes(api, { pool: store.pool });
      // A dry run calls nothing and writes nothing: a read.
      registerWorkflowDryRunRoute(api, { pool: store.pool, connectors });
      // Samples and previews read stored webhooks and evaluate JSONata in the pool: nothing is called or written.
      registerWorkflowPreviewRoutes(api, { pool: store.pool, connectors });
      registerEventListRoutes(api, store.pool, Object.keys(connectors));
      registerEventExportRoute(api, store.pool, Object.keys(connectors));
      // The charts: the rollups and health samples, never a scan of events.
      registerConnectorTimeSeriesRoute(api, { pool: store.pool, connectors });
      registerOverviewTimeSeriesRoute(api, { pool: store.pool, connectors });
      registerEventStatusRoutes(api, store.pool);
      registerEventStreamRoutes(api, new EventNotifications(store.pool, deps.log), auth);
    },
    operator(api) {
      registerReplayRoute(api, { pool: store.pool, connectors });
      registerAlertOperatorRoutes(api, { store, log: deps.log });
      registerDriftAcceptRoute(api, { store, log: deps.log, connectors });
      registerWorkflowWriteRoutes(api, { workflows, connectors, outboundAllowedHosts });
      registerWorkflowReplayRoute(api, { pool: store.pool, connectors });
    },
  });
  // The UI's files hold no data: served to anyone, never an /api path.
  registerWebAssetRoutes(app);

  return app;
}
