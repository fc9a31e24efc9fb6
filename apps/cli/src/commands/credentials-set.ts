import type { Connector } from '@hub/connector-sdk';
import { AuthDeclaration } from '@hub/connector-sdk';
import { credentialsSetCommand, requiredFields, settableFields } from '@hub/core/auth';
import { splitSecrets, weakWebhookSecretProblem, type Env } from '@hub/core/config';
import { WEBHOOK_ACCOUNT_PATTERN, WEBHOOK_SECRET_FIELD, type CredentialFields } from '@hub/core/credentials';
import { hubError } from '@hub/core/errors';
import { installedConnectors } from '../installed-connectors.js';
import { processSecretInput, readSecretValues, type SecretInput } from '../secret-input.js';
import { openStore } from './credentials-store.js';

export interface CredentialsIo {
  print?: (line: string) => void;
  /** Standard input: a terminal (hidden prompts) or a pipe. */
  input?: SecretInput;
  /** The installed connectors (default: discovered as every command does). */
  connectors?: () => Promise<{ get(id: string): Connector | undefined; list(): readonly Connector[] }>;
}

export interface CredentialsSetOptions {
  account?: string;
  /** Field names; their values are read from a hidden prompt or standard input, never from here. */
  field?: string[];
  fromStdin?: boolean;
  /** Set the account's own webhook secret (read like a field's value). */
  webhookSecret?: boolean;
}

const HOW = 'name the fields (--field apiKey, repeatable) and type the values at the hidden prompt, or pipe them on standard input one per line in the same order; or pipe a JSON object with --from-stdin';

/**
 * `hub credentials set <connector> [--account a] (--field name … | --webhook-secret | --from-stdin)`.
 * Outbound fields given replace the row's outbound fields; the webhook secret given replaces the
 * webhook secret; whichever is not given is kept. Values never come from the command line.
 */
export async function runCredentialsSet(env: Env, connectorId: string, options: CredentialsSetOptions, io: CredentialsIo = {}): Promise<void> {
  const print = io.print ?? console.log;
  const input = io.input ?? processSecretInput;
  const names = options.field ?? [];
  // The value is never echoed back: it may be a secret typed in the wrong place.
  if (names.some((n) => n.includes('='))) throw hubError('HUB_CLI_USAGE', `values are not taken on the command line (it ends up in shell history and in ps): ${HOW}`);
  if (options.fromStdin && (names.length > 0 || options.webhookSecret)) throw hubError('HUB_CLI_USAGE', '--from-stdin reads every value from one JSON object (webhookSecret included); use it without --field and --webhook-secret');
  if (!options.fromStdin && names.length === 0 && !options.webhookSecret) throw hubError('HUB_CLI_USAGE', `say what to set: --field <name> (repeatable), --webhook-secret, or --from-stdin; ${HOW}`);

  const catalog = await (io.connectors ?? (() => installedConnectors(env)))();
  const connector = catalog.get(connectorId);
  const takingCredentials = catalog.list().filter((c) => (c.auth && c.auth.type !== 'none') || c.webhook?.multiAccount).map((c) => c.id);
  if (!connector) throw hubError('HUB_CLI_USAGE', `no connector "${connectorId}"; connectors that take credentials: ${takingCredentials.join(', ') || '(none installed)'}`);
  const account = options.account ?? '';

  let fields: CredentialFields;
  if (options.fromStdin) {
    fields = parseStdinFields(await input.readAll());
  } else {
    checkNames(connector, names);
    fields = await readSecretValues(options.webhookSecret ? [...names, WEBHOOK_SECRET_FIELD] : names, input);
  }
  const { [WEBHOOK_SECRET_FIELD]: webhookSecret, ...outbound } = fields;
  if (Object.keys(outbound).length > 0) checkOutbound(connector, account, outbound, takingCredentials);
  if (webhookSecret !== undefined) checkWebhookSecret(connector, account, webhookSecret);

  const { store, close } = await openStore(env, print);
  try {
    await store.update(connectorId, account, (current) => {
      const keptSecret = current?.[WEBHOOK_SECRET_FIELD];
      if (Object.keys(outbound).length === 0) return { ...current, [WEBHOOK_SECRET_FIELD]: webhookSecret as string };
      return { ...outbound, ...(webhookSecret !== undefined ? { [WEBHOOK_SECRET_FIELD]: webhookSecret } : keptSecret !== undefined ? { [WEBHOOK_SECRET_FIELD]: keptSecret } : {}) };
    });
    print(`stored ${Object.keys(fields).sort().join(', ')} for ${connectorId}${account ? ` account ${account}` : ''} (encrypted; the values are not shown again)`);
    if (webhookSecret !== undefined) {
      print(`the ingress verifies /webhooks/${connectorId}/${account} with this secret only (within 30 s): deliveries signed with ${connector.secretEnvName} are refused for it from then on`);
    }
  } finally {
    await close();
  }
}

function checkNames(connector: Connector, names: readonly string[]): void {
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) throw hubError('HUB_CLI_USAGE', `--field ${repeated[0]} is given twice`);
  if (names.includes(WEBHOOK_SECRET_FIELD)) throw hubError('HUB_CLI_USAGE', `the webhook secret is set with --webhook-secret, not --field ${WEBHOOK_SECRET_FIELD}`);
  if (names.length > 0 && (!connector.auth || connector.auth.type === 'none')) throw noAuth(connector);
}

function checkOutbound(connector: Connector, account: string, fields: CredentialFields, takingCredentials: readonly string[]): void {
  if (!connector.auth || connector.auth.type === 'none') throw noAuth(connector, takingCredentials);
  const declaration = AuthDeclaration.parse(connector.auth);
  const allowed = settableFields(declaration);
  const unknown = Object.keys(fields).filter((f) => !allowed.includes(f));
  const missing = requiredFields(declaration).filter((f) => !fields[f]);
  const method = declaration.type === 'oauth2' ? `oauth2 (${declaration.grant})` : declaration.type;
  if (unknown.length > 0) throw hubError('HUB_CLI_USAGE', `${connector.id} uses ${method} auth, which reads ${allowed.join(', ')}; not: ${unknown.join(', ')}`);
  if (missing.length > 0) throw hubError('HUB_CLI_USAGE', `${connector.id} uses ${method} auth and needs ${missing.join(', ')} too; run: ${credentialsSetCommand(connector.id, account, declaration)} (or --from-stdin with a JSON object)`);
}

function checkWebhookSecret(connector: Connector, account: string, value: string): void {
  if (!connector.webhook?.multiAccount) {
    throw hubError('HUB_CLI_USAGE', `${connector.id} has no per-account webhooks; its webhook secret is ${connector.secretEnvName} in the ingress's environment`);
  }
  if (!account) throw hubError('HUB_CLI_USAGE', `--webhook-secret sets one account's secret: add --account <account> (the connector-wide secret is ${connector.secretEnvName} in the ingress's environment)`);
  if (!WEBHOOK_ACCOUNT_PATTERN.test(account)) throw hubError('HUB_CLI_USAGE', `--account must be what the webhook URL /webhooks/${connector.id}/<account> holds: letters, digits and . _ : @ - (at most 200)`);
  const secrets = splitSecrets(value);
  if (secrets.length === 0) throw hubError('HUB_CLI_USAGE', 'the webhook secret is empty; nothing was stored');
  for (const [i, secret] of secrets.entries()) {
    const problem = weakWebhookSecretProblem(secret, connector.webhook.scheme.name);
    if (problem) throw hubError('HUB_CLI_USAGE', `webhook secret${secrets.length > 1 ? ` ${i + 1} of ${secrets.length}` : ''} too weak to mean anything: ${problem}; nothing was stored`);
  }
}

function noAuth(connector: Connector, takingCredentials: readonly string[] = []): Error {
  const webhook = connector.webhook?.multiAccount ? ` (its accounts' webhook secrets are set with --account <a> --webhook-secret)` : '';
  return hubError('HUB_CLI_USAGE', `${connector.id} declares no auth, so it uses no outbound credentials${webhook}${takingCredentials.length > 0 ? `; connectors that do: ${takingCredentials.join(', ')}` : ''}`);
}

function parseStdinFields(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw hubError('HUB_CLI_USAGE', '--from-stdin expects a JSON object such as {"apiKey": "…"} on standard input');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0 || !Object.values(parsed).every((v) => typeof v === 'string' && v.length > 0)) {
    throw hubError('HUB_CLI_USAGE', '--from-stdin expects a JSON object whose values are non-empty strings, e.g. {"clientId": "…", "clientSecret": "…"} (and "webhookSecret" for an account\'s own webhook secret)');
  }
  return parsed as Record<string, string>;
}
