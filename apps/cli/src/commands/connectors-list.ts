import { discoverConnectors, enabledFromEnv, searchPathsFromEnv } from '@hub/catalog';
import type { Env } from '@hub/core/config';

/** `hub connectors list`: every installed connector package, and whether HUB_CONNECTORS enables it. */
export async function runConnectorsList(env: Env, options: { json: boolean }, print: (line: string) => void = console.log): Promise<void> {
  const catalog = await discoverConnectors({ searchPaths: searchPathsFromEnv(env) });
  const enabled = enabledFromEnv(env);
  const rows = catalog.installed.map(({ connector, package: pkg }) => ({
    id: connector.id,
    version: connector.version,
    package: pkg.manifest.name,
    enabled: enabled === undefined || enabled.includes(connector.id),
    webhook: connector.webhook?.scheme.name ?? null,
    /** timestamp | body-digest: how a captured delivery is kept from being replayed. */
    replayProtection: connector.webhook?.scheme.replayProtection ?? null,
    multiAccount: Boolean(connector.webhook?.multiAccount),
    auth: (connector.auth as { type?: string } | undefined)?.type ?? 'none',
    events: Object.keys(connector.events).length,
    actions: Object.keys(connector.actions).length,
    dir: pkg.dir,
  }));
  if (options.json) {
    print(JSON.stringify(rows, null, 2));
    return;
  }
  print(['ID', 'VERSION', 'ENABLED', 'WEBHOOK', 'REPLAY', 'ACCOUNTS', 'AUTH', 'EVENTS', 'ACTIONS', 'PACKAGE'].join('\t'));
  for (const r of rows) {
    print([r.id, r.version, r.enabled ? 'yes' : 'no', r.webhook ?? '-', r.replayProtection ?? '-', r.multiAccount ? 'per-account' : '-', r.auth, r.events, r.actions, r.package].join('\t'));
  }
}
