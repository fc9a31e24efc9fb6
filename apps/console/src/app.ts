import { timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { countByConnector, emptyCounts, type EventStore } from '@hub/core/event-store';
import type { Logger } from '@hub/core/logger';
import { queueDepth, type ConnectorQueues } from '@hub/core/queue';
import { readEventView } from './event-timeline.js';

export interface ConsoleDeps {
  store: EventStore;
  queues: ConnectorQueues;
  connectors: Readonly<Record<string, Connector>>;
  log: Logger;
  token?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

  app.get('/healthz', async () => ({ ok: true }));

  app.get<{ Params: { eventId: string } }>('/api/events/:eventId', async (request, reply) => {
    const { eventId } = request.params;
    if (!UUID.test(eventId)) return reply.code(400).send({ error: { code: 'HUB_BAD_REQUEST', message: 'eventId must be a UUID' } });
    const view = await readEventView(store, eventId);
    if (!view) return reply.code(404).send({ error: { code: 'HUB_EVENT_NOT_FOUND', message: `no event ${eventId}` } });
    return view;
  });

  app.get('/api/connectors', async () => {
    const counts = await countByConnector(store.pool);
    const list = await Promise.all(
      Object.values(connectors).map(async (c) => {
        let depth: Awaited<ReturnType<typeof queueDepth>> | null = null;
        try {
          depth = await queueDepth(queues.sqs, (await queues.get(c.id)).url);
        } catch (err) {
          deps.log.warn({ err, connector: c.id }, "queue depth unavailable");
        }
        return {
          id: c.id,
          name: c.name,
          version: c.version,
          receivesWebhooks: Boolean(c.webhook),
          events: Object.keys(c.events),
          actions: Object.keys(c.actions),
          counts: counts.get(c.id) ?? emptyCounts(),
          queue: depth,
        };
      }),
    );
    return { connectors: list };
  });

  return app;
}
