import os from 'node:os';
import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { hubError } from '@hub/core/errors';
import { parseTimeArgument, replayEvents, type ReplaySelection } from '@hub/core/replay';
import { openHubResources } from '@hub/core/runtime';
import type { ConnectorCatalog } from '@hub/catalog';
import { installedConnectors } from '../installed-connectors.js';

export interface ReplayOptions {
  connector?: string;
  dlq?: boolean;
  includeQuarantined?: boolean;
  from?: string;
  to?: string;
  reason?: string;
  dryRun?: boolean;
  rate: number;
}

function selectionFrom(eventIds: string[], options: ReplayOptions, catalog: ConnectorCatalog): ReplaySelection {
  const usage = 'use `hub replay <eventId…>`, `hub replay --connector <id> --dlq` or `hub replay --connector <id> --from <time> [--to <time>]`';
  if (eventIds.length > 0) {
    if (options.connector || options.dlq || options.from) throw hubError('HUB_CLI_USAGE', `give event ids or a selection, not both; ${usage}`);
    return { kind: 'ids', eventIds };
  }
  if (!options.connector) throw hubError('HUB_CLI_USAGE', `nothing selected; ${usage}`);
  if (!catalog.get(options.connector)?.webhook) throw hubError('HUB_CLI_USAGE', `no connector "${options.connector}" with webhooks`);
  if (options.dlq) return { kind: 'dlq', connector: options.connector, includeQuarantined: options.includeQuarantined ?? false };
  if (options.from) return { kind: 'window', connector: options.connector, from: parseTimeArgument(options.from), ...(options.to ? { to: parseTimeArgument(options.to) } : {}) };
  throw hubError('HUB_CLI_USAGE', `with --connector, say --dlq or --from <time>; ${usage}`);
}

/** `hub replay …`: queues events again from the event store, recorded with who and why. */
export async function runReplay(env: Env, eventIds: string[], options: ReplayOptions, print: (line: string) => void = console.log): Promise<void> {
  const selection = selectionFrom(eventIds, options, await installedConnectors(env));
  if (!options.dryRun && !options.reason) throw hubError('HUB_CLI_USAGE', 'say why you replay with --reason "<text>" (it is recorded); or look first with --dry-run');
  const resources = openHubResources(parseEnv(BaseEnv, env));
  const progress = (p: { done: number; total: number }) => {
    const width = 30;
    const filled = Math.round((p.done / p.total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}${p.done === p.total ? '\n' : ''}`);
  };
  try {
    const report = await replayEvents(resources.pool, {
      selection,
      actor: `cli:${os.userInfo().username}`,
      reason: options.reason ?? 'dry run',
      dryRun: options.dryRun ?? false,
      ratePerSecond: options.rate,
      onProgress: progress,
    });
    if (report.missing.length > 0) print(`not found (not webhook events of this hub): ${report.missing.join(', ')}`);
    const skipped = report.skipped.length;
    print(report.dryRun ? `dry run: ${report.selected - skipped} event(s) would be replayed` : `replayed ${report.replayed} event(s) (replay ${report.replayId})`);
    for (const reason of ['queued', 'processing'] as const) {
      const ids = report.skipped.filter((s) => s.reason === reason).map((s) => s.eventId);
      if (ids.length > 0) print(`skipped ${ids.length} already ${reason} (not queued a second time): ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ' …' : ''}`);
    }
    if (report.outcomeUnknown.length > 0) {
      print(`left out ${report.outcomeUnknown.length} dead-lettered as outcome_unknown (the provider may have acted): check each with the provider, then replay it by id: hub replay <eventId> --reason "<why>"`);
    }
    if (report.missing.length > 0) process.exitCode = 1;
  } finally {
    await resources.close();
  }
}
