import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readValue, type Connector } from '@hub/connector-sdk';
import { isConnectionError } from '@hub/core/db';
import { serialiseReceivedData, type WebhookIngestor } from '@hub/core/event-store';
import type { HubMetrics } from '@hub/core/metrics';
import { redactHeaders } from '@hub/core/redact';
import { sendError } from './error-reply.js';
import { VERIFY_FAILURE_CODES } from './verify-failure.js';

export interface WebhookRouteOptions {
  connectors: Readonly<Record<string, Connector>>;
  webhookSecrets: ReadonlyMap<string, readonly string[]>;
  ingestor: WebhookIngestor;
  bodyLimit: number;
  now: () => number;
  metrics?: HubMetrics | undefined;
}

/** Shop domains, org ids, tenant ids: nothing that needs escaping, nothing a path could hide. */
const ACCOUNT_PATTERN = /^[A-Za-z0-9._:@-]{1,200}$/;

type WebhookRequest = FastifyRequest<{ Params: { connector: string; account?: string }; Body: Buffer }>;

/** POST /webhooks/:connector[/:account] — verify, persist durably, then acknowledge. */
export function registerWebhookRoute(app: FastifyInstance, options: WebhookRouteOptions): void {
  const { connectors, webhookSecrets, ingestor, bodyLimit, now, metrics } = options;

  const handler = async (request: WebhookRequest, reply: import('fastify').FastifyReply) => {
    const { connector: connectorId, account = null } = request.params;
    const connector = Object.hasOwn(connectors, connectorId) ? connectors[connectorId] : undefined;
    if (!connector) return sendError(reply, 404, 'HUB_CONNECTOR_UNKNOWN', `no connector "${connectorId}"`);
    const webhook = connector.webhook;
    if (!webhook) return sendError(reply, 404, 'HUB_CONNECTOR_NO_WEBHOOK', `connector "${connector.id}" receives no webhooks`);
    if (account !== null && !webhook.multiAccount) return sendError(reply, 404, 'HUB_CONNECTOR_NOT_MULTI_ACCOUNT');
    if (account !== null && !ACCOUNT_PATTERN.test(account)) {
      return sendError(reply, 400, 'HUB_BAD_REQUEST', 'the account segment may hold letters, digits and . _ : @ - (at most 200)');
    }
    const secrets = webhookSecrets.get(connector.id);
    if (!secrets || secrets.length === 0) {
      // 503, not 2xx: the provider keeps retrying until an operator sets the secret, and nothing unverified is stored.
      request.log.error({ connector: connector.id }, `webhook refused: ${connector.secretEnvName} is not set`);
      metrics?.webhooksRejected.inc({ connector: connector.id, reason: 'HUB_WEBHOOK_SECRET_MISSING' });
      return sendError(reply, 503, 'HUB_WEBHOOK_SECRET_MISSING', `webhooks for ${connector.id} are refused until ${connector.secretEnvName} is configured`);
    }

    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verdict = webhook.scheme.verify({ rawBody, headers: request.headers, secrets, nowMs: now() });
    if (!verdict.ok) {
      request.log.info({ connector: connector.id, reason: verdict.reason }, 'webhook signature refused');
      metrics?.webhooksRejected.inc({ connector: connector.id, reason: VERIFY_FAILURE_CODES[verdict.reason] });
      return sendError(reply, 401, VERIFY_FAILURE_CODES[verdict.reason]);
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
    // A verified body without a readable id (malformed) is still stored, keyed by its hash, and quarantined by the worker.
    const providerEventId = readValue(webhook.eventId, request.headers, payload) ?? `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
    const eventType = readValue(webhook.eventType, request.headers, payload) ?? 'unknown';
    const headers = redactHeaders(request.headers, webhook.scheme.signatureHeaders);
    const dataJson = bodyError === undefined ? serialiseReceivedData(eventType, headers, text) : serialiseReceivedData(eventType, headers, undefined, text, bodyError);

    try {
      const result = await ingestor.ingest({ connector: connector.id, account, providerEventId, dataJson });
      (result.duplicate ? metrics?.webhooksDuplicate : metrics?.webhooksReceived)?.inc({ connector: connector.id });
      metrics?.ackSeconds.observe({ connector: connector.id }, reply.elapsedTime / 1000);
      return reply.code(result.duplicate ? 200 : 202).send(result.duplicate ? { eventId: result.eventId, duplicate: true } : { eventId: result.eventId });
    } catch (err) {
      request.log.error({ err, connector: connector.id, dbDown: isConnectionError(err) }, 'webhook not stored');
      metrics?.webhooksRejected.inc({ connector: connector.id, reason: 'HUB_DB_UNAVAILABLE' });
      return sendError(reply.header('retry-after', '5'), 503, 'HUB_DB_UNAVAILABLE', 'the event could not be stored; retry later');
    }
  };

  const routeOptions = { bodyLimit };
  app.post('/webhooks/:connector', routeOptions, handler);
  app.post('/webhooks/:connector/:account', routeOptions, handler);
}
