import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Connector } from '@hub/connector-sdk';
import { fastifyServerLimits, type HttpServerLimits } from '@hub/core/config';
import type { AccountWebhookSecrets } from '@hub/core/credentials';
import type { WebhookIngestor } from '@hub/core/event-store';
import type { Logger } from '@hub/core/logger';
import type { HubMetrics } from '@hub/core/metrics';
import { sendError } from './error-reply.js';
import { carriesSignature } from './refusals/carries-signature.js';
import { registerRefusalLimit, type RefusalLimitOptions } from './refusals/register-refusal-limit.js';
import { registerWebhookRoute } from './webhook-route.js';

export interface IngressDeps {
  connectors: Readonly<Record<string, Connector>>;
  webhookSecrets: ReadonlyMap<string, readonly string[]>;
  /** Per-account secrets of multi-account connectors (from the credential store); absent without HUB_MASTER_KEYS. */
  accountSecrets?: Pick<AccountWebhookSecrets, 'secretsFor'>;
  ingestor: WebhookIngestor;
  pool: pg.Pool;
  bodyLimit: number;
  log: Logger;
  /** The clock for signature timestamps (tests pass their own). */
  now?: () => number;
  metrics?: HubMetrics;
  /** Slow-client limits of the HTTP server (header and request timeouts, keep-alive, header size). */
  http?: HttpServerLimits;
  /** Per-source limit on refused requests; absent: none. */
  refusalLimit?: Omit<RefusalLimitOptions, 'carriesSignature'>;
  /** Fastify's trustProxy: which proxies' X-Forwarded-For decides the client address (default: none). */
  trustProxy?: false | number | string[];
}

/** Builds the ingress (no listen): tests use app.inject(). */
export function buildApp(deps: IngressDeps): FastifyInstance {
  const http = deps.http;
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // A hop count trusts that many proxies in front, whatever their addresses.
    trustProxy: typeof deps.trustProxy === 'number' ? ((_address: string, hop: number) => hop < (deps.trustProxy as number)) : (deps.trustProxy ?? false),
    ...(http ? fastifyServerLimits(http) : {}),
  });
  if (deps.refusalLimit) registerRefusalLimit(app, Object.assign({}, deps.refusalLimit, { carriesSignature: (request: FastifyRequest) => carriesSignature(deps.connectors, request) }));

  // Keep the raw bytes: signatures are checked on exactly what was sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, request, reply) => {
    if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Labelled only with an installed connector id: a label from raw URLs would grow without bound.
      const connector = (request.params as { connector?: string } | undefined)?.connector;
      if (connector && Object.hasOwn(deps.connectors, connector)) deps.metrics?.webhooksRejected.inc({ connector, reason: 'HUB_WEBHOOK_BODY_TOO_LARGE' });
      return sendError(reply, 413, 'HUB_WEBHOOK_BODY_TOO_LARGE', `body larger than ${deps.bodyLimit} bytes`);
    }
    if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: { code: err.code ?? 'HUB_BAD_REQUEST', message: err.message } });
    request.log.error({ err }, 'ingress error');
    return reply.code(500).send({ error: { code: 'HUB_INTERNAL', message: 'internal error' } });
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await deps.pool.query('SELECT 1');
      return { ok: true };
    } catch {
      return sendError(reply.header('retry-after', '5'), 503, 'HUB_DB_UNAVAILABLE');
    }
  });

  // No /metrics here: this port faces the internet; metrics are served on their own port (HUB_METRICS_PORT).
  registerWebhookRoute(app, Object.assign({}, deps, { now: deps.now ?? Date.now }));
  return app;
}
