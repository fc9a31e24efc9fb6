import { buildTestDelivery } from '@hub/connector-sdk';
import type { Env } from '@hub/core/config';
import { hubError } from '@hub/core/errors';
import { secretFor } from '../dev-secrets.js';
import { installedConnectors } from '../installed-connectors.js';

export interface SendTestOptions {
  url?: string;
  account?: string;
}

/** `hub send-test <connector> <event-type>`: a correctly signed sample webhook to a running hub. */
export async function runSendTest(env: Env, connectorId: string, eventType: string, options: SendTestOptions, print: (line: string) => void = console.log): Promise<void> {
  const catalog = await installedConnectors(env);
  const connector = catalog.get(connectorId);
  const receiving = catalog.list().filter((c) => c.webhook).map((c) => c.id);
  if (!connector?.webhook) throw hubError('HUB_CLI_USAGE', `"${connectorId}" receives no webhooks; try one of: ${receiving.join(', ')}`);
  if (!(eventType in connector.events)) {
    throw hubError('HUB_CLI_USAGE', `${connectorId} has no event "${eventType}"; try one of: ${Object.keys(connector.events).join(', ')}`);
  }
  const secret = await secretFor(env, connector);
  if (!secret) throw hubError('HUB_CLI_USAGE', `no secret to sign with: set ${connector.secretEnvName} (or start the hub with \`hub up\`, which makes development secrets)`);
  const base = options.url ?? `http://127.0.0.1:${env.HUB_INGRESS_PORT ?? 8080}`;
  const target = `${base}/webhooks/${connectorId}${options.account ? `/${encodeURIComponent(options.account)}` : ''}`;
  const delivery = buildTestDelivery(connector, eventType, { secret, nowMs: Date.now() });
  let response: Response;
  try {
    response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...delivery.headers }, body: delivery.body });
  } catch (err) {
    throw hubError('HUB_CLI_USAGE', `nothing answers at ${target} (${(err as Error).message}); start the hub first with \`npm start\``);
  }
  const text = await response.text();
  print(`POST ${target} -> ${response.status} ${text}`);
  if (response.ok) {
    const { eventId } = JSON.parse(text) as { eventId: string };
    print(`follow it: curl http://127.0.0.1:${env.HUB_CONSOLE_PORT ?? 3000}/api/events/${eventId}`);
  } else {
    process.exitCode = 1;
  }
}
