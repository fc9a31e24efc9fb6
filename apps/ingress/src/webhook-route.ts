import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readValue, type Connector } from '@hub/connector-sdk';
import { WEBHOOK_ACCOUNT_PATTERN, type AccountWebhookSecrets } from '@hub/core/credentials';
import { isConnectionError } from '@hub/core/db';
import { serialiseReceivedData, type WebhookIngestor } from '@hub/core/event-store';
import type { HubMetrics } from '@hub/core/metrics';
import { redactHeaders } from '@hub/core/redact';
import { sendError } from './error-reply.js';
import { verifyDelivery } from './verify-delivery.js';

export interface WebhookRouteOptions {
  connectors: Readonly<Record<string, Connector>>;
  webhookSecrets: ReadonlyMap<string, readonly string[]>;
  /** Per-account secrets of multi-account connectors; undefined without HUB_MASTER_KEYS. */
  accountSecrets?: Pick<AccountWebhookSecrets, 'secretsFor'> | undefined;
  ingestor: WebhookIngestor;
  bodyLimit: number;
  now: () => number;
  metrics?: HubMetrics | undefined;
}

type WebhookRequest = FastifyRequest<{ Params: { connector: string; account?: string }; Body: Buffer }>;

/** POST /webhooks/:connector[/:account] — verify, persist durably, then acknowledge. */
export function registerWebhookRoute(app: FastifyInstance, options: WebhookRouteOptions): void {
  const { connectors, webhookSecrets, accountSecrets, ingestor, bodyLimit, now, metrics } = options;
  const dbUnavailable = (reply: FastifyReply, connector: string) => {
    metrics?.webhooksRejected.inc({ connector, reason: 'HUB_DB_UNAVAILABLE' });
    return sendError(reply.header('retry-after', '5'), 503, 'HUB_DB_UNAVAILABLE', 'the event could not be stored; retry later');
  };

  const handler = async (request: WebhookRequest, reply: FastifyReply) => {
    const { connector: connectorId, account = null } = request.params;
    const connector = Object.hasOwn(connectors, connectorId) ? connectors[connectorId] : undefined;
    if (!connector) return sendError(reply, 404, 'HUB_CONNECTOR_UNKNOWN', `no connector "${connectorId}"`);
    const webhook = connector.webhook;
    if (!webhook) return sendError(reply, 404, 'HUB_CONNECTOR_NO_WEBHOOK', `connector "${connector.id}" receives no webhooks`);
    if (account !== null && !webhook.multiAccount) return sendError(reply, 404, 'HUB_CONNECTOR_NOT_MULTI_ACCOUNT');
    if (account !== null && !WEBHOOK_ACCOUNT_PATTERN.test(account)) {
      return sendError(reply, 400, 'HUB_BAD_REQUEST', 'the account segment may hold letters, digits and . _ : @ - (at most 200)');
    }

    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    let verdict: Awaited<ReturnType<typeof verifyDelivery>>;
    try {
      verdict = await verifyDelivery({ connector: { id: connector.id, secretEnvName: connector.secretEnvName, webhook }, account, rawBody, headers: request.headers, nowMs: now(), connectorSecrets: webhookSecrets.get(connector.id), accountSecrets });
    } catch (err) {
      request.log.error({ err, connector: connector.id }, 'per-account webhook secret not readable');
      return dbUnavailable(reply, connector.id);
    }
    if (!verdict.ok) {
      metrics?.webhooksRejected.inc({ connector: connector.id, reason: verdict.code });
      // 503, not 2xx, for a missing secret: the provider keeps retrying until an operator sets it, and nothing unverified is stored.
      if (verdict.status === 503) request.log.error({ connector: connector.id }, `webhook refused: ${verdict.message}`);
      else request.log.info({ connector: connector.id, code: verdict.code }, 'webhook signature refused');
      return sendError(reply, verdict.status, verdict.code, verdict.message);
    }

    const text = rawBody.toString('utf8');
    let payload: unknown;
    let bodyError: string | undefined;
    try {
      payload = JSON.parse(text);
    } catch (err) {
      bodyError = `body is not JSON: ${(err as Error).message}`;
    }
    if (bodyError === undefined && text.includes('\\u0000')) {
      // Valid JSON that PostgreSQL's jsonb cannot hold: kept as text and quarantined, not refused.
      bodyError = 'body contains \\u0000, which the event store (jsonb) cannot hold';
    }
    // Only when needed (no provider id, or a body-digest scheme): a Stripe delivery never is (~2 µs of SHA-256 saved).
    let hash: string | undefined;
    const bodyHash = () => (hash ??= createHash('sha256').update(rawBody).digest('hex'));
    // A verified body without a readable id (malformed) is still stored, keyed by its hash, and quarantined by the worker.
    const providerEventId = readValue(webhook.eventId, request.headers, payload) ?? `sha256:${bodyHash()}`;
    const eventType = readValue(webhook.eventType, request.headers, payload) ?? 'unknown';
    const headers = redactHeaders(request.headers, webhook.scheme.signatureHeaders);
    const dataJson = serialiseReceivedData(eventType, headers, bodyError === undefined ? text : undefined, bodyError === undefined ? undefined : text, bodyError, verdict.verification);
    // No signed timestamp: a captured body re-sent under a new delivery id is caught by its digest.
    const bodyDigest = webhook.scheme.replayProtection === 'body-digest' ? bodyHash() : undefined;

    try {
      const result = await ingestor.ingest({ connector: connector.id, account: verdict.account, providerEventId, bodyDigest, dataJson });
      (result.duplicate ? metrics?.webhooksDuplicate : metrics?.webhooksReceived)?.inc({ connector: connector.id });
      metrics?.ackSeconds.observe({ connector: connector.id }, reply.elapsedTime / 1000);
      request.log.debug({ connector: connector.id, eventId: result.eventId, duplicate: result.duplicate }, 'webhook accepted');
      return reply.code(result.duplicate ? 200 : 202).send(result.duplicate ? { eventId: result.eventId, duplicate: true } : { eventId: result.eventId });
    } catch (err) {
      request.log.error({ err, connector: connector.id, dbDown: isConnectionError(err) }, 'webhook not stored');
      return dbUnavailable(reply, connector.id);
    }
  };

  const routeOptions = { bodyLimit };
  app.post('/webhooks/:connector', routeOptions, handler);
  app.post('/webhooks/:connector/:account', routeOptions, handler);
}
