import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { countByConnector, emptyCounts, type EventStore } from '@hub/core/event-store';
import { queueDepth, type ConnectorQueues } from '@hub/core/queue';

/** GET /api/connectors — each connector with its lifecycle counts and queue depth. */
export function registerConnectorRoutes(app: FastifyInstance, deps: { store: EventStore; queues: ConnectorQueues; connectors: Readonly<Record<string, Connector>> }): void {
  const { store, queues, connectors } = deps;
  const doc = { summary: 'each connector with its counts and queue depth', answer: '{ connectors: [{ id, name, version, receivesWebhooks, events, actions, counts: { received, processed, failed, quarantined, deadLettered }, queue }] }' };
  app.get('/api/connectors', { config: { openapi: doc } }, async (request) => {
    const counts = await countByConnector(store.pool);
    const list = await Promise.all(
      Object.values(connectors).map(async (c) => {
        let depth: Awaited<ReturnType<typeof queueDepth>> | null = null;
        if (c.webhook) {
          try {
            depth = await queueDepth(queues.sqs, (await queues.get(c.id)).url);
          } catch (err) {
            request.log.warn({ err, connector: c.id }, 'queue depth unavailable');
          }
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
}
