import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { hubError } from '@hub/core/errors';
import { listDeadLetters, OUTCOME_UNKNOWN } from '@hub/core/replay';
import { openHubResources } from '@hub/core/runtime';
import { installedConnectors } from '../installed-connectors.js';

/** `hub dlq <connector>`: the dead-lettered (and quarantined) events of one connector. */
export async function runDlq(env: Env, connectorId: string, options: { quarantined: boolean; json: boolean; limit: number }, print: (line: string) => void = console.log): Promise<void> {
  const catalog = await installedConnectors(env);
  if (!catalog.get(connectorId)?.webhook) {
    throw hubError('HUB_CLI_USAGE', `no connector "${connectorId}" with webhooks; try one of: ${catalog.list().filter((c) => c.webhook).map((c) => c.id).join(', ')}`);
  }
  const resources = openHubResources(parseEnv(BaseEnv, env));
  try {
    const list = await listDeadLetters(resources.pool, connectorId, { includeQuarantined: options.quarantined, limit: options.limit });
    if (options.json) return print(JSON.stringify(list, null, 2));
    if (list.length === 0) return print(`${connectorId}: nothing dead-lettered${options.quarantined ? ' or quarantined' : ''}`);
    print(['EVENT ID'.padEnd(36), 'STATUS'.padEnd(13), 'CLASS'.padEnd(15), 'TRIES', 'WHEN'.padEnd(24), 'WHY'].join('  '));
    for (const d of list) {
      print([d.eventId, d.status.padEnd(13), (d.errorClass ?? '-').padEnd(15), String(d.attempts ?? '-').padEnd(5), d.at.toISOString().padEnd(24), `${d.code ?? ''} ${d.message ?? ''}`.trim()].join('  '));
    }
    print(`${list.length} event(s). Replay them with: hub replay --connector ${connectorId} --dlq --reason "<why>"`);
    const unknown = list.filter((d) => d.errorClass === OUTCOME_UNKNOWN).length;
    if (unknown > 0) print(`${unknown} of them outcome_unknown: the request was sent and its answer lost, so the provider may have acted. A DLQ replay leaves them out; check each with the provider, then: hub replay <eventId> --reason "<why>"`);
  } finally {
    await resources.close();
  }
}
