import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { z } from 'zod';
import { AlertLifecycle } from '@hub/core/alerts';
import { acceptDrift } from '@hub/core/drift';
import type { EventStore } from '@hub/core/event-store';
import type { Logger } from '@hub/core/logger';
import { actorOf } from '../auth/actor-of.js';

const DriftParams = z.object({ connector: z.string(), eventType: z.string().min(1).max(128) });

export interface DriftAcceptRouteDeps {
  store: EventStore;
  log: Logger;
  connectors: Readonly<Record<string, Connector>>;
}

/** POST /api/connectors/:connector/drift/:eventType/accept (operators): the drift was expected; the new shape is the baseline. */
export function registerDriftAcceptRoute(app: FastifyInstance, { store, log, connectors }: DriftAcceptRouteDeps): void {
  // No notification targets here: the resolve queues the notifications its raise had, and the worker sends them.
  const alerts = new AlertLifecycle({ pool: store.pool, store, log });
  const doc = {
    summary: "accept an event type's schema drift as expected: the observed shape becomes the baseline",
    description: 'Resolves the open `schema_drift:<eventType>` alert and records `schema.drift_accepted` with the actor (docs/connectors.md, "Canonical models and schema drift").',
    params: DriftParams,
    answer: '{ accepted: { eventType, distinctShapes, fields, resolvedAlertId } }',
    errors: { 404: 'HUB_CONNECTOR_UNKNOWN, HUB_DRIFT_NOT_OBSERVED' },
  };
  app.post('/api/connectors/:connector/drift/:eventType/accept', { config: { openapi: doc } }, async (request, reply) => {
    const { connector, eventType } = DriftParams.parse(request.params);
    if (!Object.hasOwn(connectors, connector)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${connector}"` } });
    const accepted = await acceptDrift({ pool: store.pool, store, alerts }, { connector, eventType, actor: actorOf(request) });
    if (!accepted) return reply.code(404).send({ error: { code: 'HUB_DRIFT_NOT_OBSERVED', message: `no payload of event type "${eventType}" has been observed on connector "${connector}"` } });
    return { accepted };
  });
}
