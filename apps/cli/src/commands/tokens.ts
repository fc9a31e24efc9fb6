import os from 'node:os';
import { ApiTokenStore, type ApiTokenRecord } from '@hub/core/api-tokens';
import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { hubError, isHubError } from '@hub/core/errors';
import { openHubResources } from '@hub/core/runtime';

// Whoever can run this command can reach the database directly: the CLI is the root of trust
// that hands out the console's keys, and records who (the OS user) did.
const actor = () => `cli:${os.userInfo().username}`;

async function withTokens<T>(env: Env, work: (tokens: ApiTokenStore) => Promise<T>): Promise<T> {
  const resources = openHubResources(parseEnv(BaseEnv, env));
  try {
    return await work(new ApiTokenStore(resources.pool));
  } finally {
    await resources.close();
  }
}

/** A store refusal (bad name, name taken, unknown token) is the operator's to fix: a usage error that says how. */
async function asUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isHubError(err) && (err.code === 'HUB_API_TOKEN_INVALID' || err.code === 'HUB_API_TOKEN_NOT_FOUND')) throw hubError('HUB_CLI_USAGE', err.message, { cause: err });
    throw err;
  }
}

/** `hub tokens create <name> --role viewer|operator`: prints the token once; only its hash is kept. */
export async function runTokensCreate(env: Env, name: string, options: { role?: string }, print: (line: string) => void = console.log): Promise<void> {
  if (!options.role) throw hubError('HUB_CLI_USAGE', '--role is required: viewer (reads only) or operator (also replay, alerts and workflow changes)');
  const { token, record } = await asUsage(() => withTokens(env, (tokens) => tokens.create({ name, role: options.role as string, actor: actor() })));
  print(`created ${record.role} token "${record.name}". It is shown this once and cannot be read back:`);
  print('');
  print(`  ${token}`);
  print('');
  print(`Send it as "Authorization: Bearer <token>" to the console API, or paste it into the console's sign-in. Revoke it with: hub tokens revoke ${record.name}`);
}

/** `hub tokens list [--json]`: names, roles, who created them, last use; never a secret. */
export async function runTokensList(env: Env, options: { json: boolean }, print: (line: string) => void = console.log): Promise<void> {
  const records = await withTokens(env, (tokens) => tokens.list());
  if (options.json) return print(JSON.stringify(records, null, 2));
  if (records.length === 0) return print('no console API tokens; create one: hub tokens create <name> --role viewer|operator');
  print(['NAME'.padEnd(32), 'ROLE'.padEnd(8), 'STATE'.padEnd(8), 'CREATED'.padEnd(24), 'CREATED BY'.padEnd(20), 'LAST USED'.padEnd(24), 'REVOKED BY'].join('  '));
  for (const r of records) print(row(r));
}

function row(r: ApiTokenRecord): string {
  return [r.name.padEnd(32), r.role.padEnd(8), (r.revokedAt ? 'revoked' : 'active').padEnd(8), r.createdAt.toISOString().padEnd(24), r.createdBy.padEnd(20), (r.lastUsedAt?.toISOString() ?? '-').padEnd(24), r.revokedBy ?? '-'].join('  ');
}

/** `hub tokens revoke <name>`: the next request with that token is refused (open live streams end within 15 s). */
export async function runTokensRevoke(env: Env, name: string, print: (line: string) => void = console.log): Promise<void> {
  const record = await asUsage(() => withTokens(env, (tokens) => tokens.revoke(name, actor())));
  print(`revoked ${record.role} token "${record.name}"; requests with it are refused from now on`);
}
