import os from 'node:os';
import type { Connector } from '@hub/connector-sdk';
import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { hubError } from '@hub/core/errors';
import { parseTimeArgument } from '@hub/core/replay';
import { openHubResources } from '@hub/core/runtime';
import { dryRunVersionReplay, replayVersion, VERSION_REPLAY_MAX_LIMIT, type VersionReplayDryRunEvent } from '@hub/core/workflows';
import { installedConnectors } from '../installed-connectors.js';

export interface WorkflowsReplayOptions {
  version?: string;
  from?: string;
  to?: string;
  limit?: string;
  reason?: string;
  dryRun?: boolean;
  json?: boolean;
}

export interface WorkflowsReplayIo {
  print?: (line: string) => void;
  connectors?: () => Promise<Readonly<Record<string, Connector>>>;
}

const compact = (value: unknown) => {
  const text = JSON.stringify(value) ?? '';
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
};

/** One event of a dry run: the path, then the calls the version would make and those made. */
function eventLines(e: VersionReplayDryRunEvent): string[] {
  return [
    `${e.eventId} ${new Date(e.receivedAt).toISOString()} ${e.outcome}${e.problem ? ` (${e.problem})` : ''} — ${e.diff}`,
    `  path: ${e.path.join(' → ') || '(none)'}`,
    ...e.wouldCall.map((c) => `  would call ${c.node}: ${c.connector}.${c.action} ${compact(c.input)}`),
    ...e.didCall.map((c) => `  did call   ${c.node} (v${c.version ?? '?'}, ${c.outcome}): ${c.connector ?? '?'}.${c.action ?? '?'}${c.input === undefined ? '' : ` ${compact(c.input)}`}`),
  ];
}

/**
 * `hub workflows replay <name> --version N --from <time> [--to <time>] [--limit N] [--dry-run] [--reason …] [--json]`:
 * the stored webhooks of that version's trigger in the window through that version only. A dry run
 * shows per event what the version would call next to what was called; a real one queues them again,
 * recorded with the actor, and each runs that workflow at that version (nothing it did is repeated).
 */
export async function runWorkflowsReplay(env: Env, name: string, options: WorkflowsReplayOptions, io: WorkflowsReplayIo = {}): Promise<void> {
  const print = io.print ?? console.log;
  const usage = `e.g. hub workflows replay ${name} --version 2 --from 2h --dry-run`;
  const version = Number(options.version);
  if (!options.version || !/^\d+$/.test(options.version) || version < 1) throw hubError('HUB_CLI_USAGE', `--version is the version to replay through, a whole number from 1; ${usage}`);
  if (!options.from) throw hubError('HUB_CLI_USAGE', `--from says where the window starts (an ISO time or an age such as 2h); ${usage}`);
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > VERSION_REPLAY_MAX_LIMIT)) throw hubError('HUB_CLI_USAGE', `--limit is a whole number from 1 to ${VERSION_REPLAY_MAX_LIMIT}; ${usage}`);
  const now = new Date();
  const from = parseTimeArgument(options.from, now);
  const to = options.to ? parseTimeArgument(options.to, now) : now;
  const catalog = await (io.connectors ?? (async () => (await installedConnectors(env)).connectors))();
  const resources = openHubResources(parseEnv(BaseEnv, env));
  try {
    const window = { pool: resources.pool, catalog, name, version, from, to, limit };
    if (options.dryRun) {
      const { events } = await dryRunVersionReplay(window);
      if (options.json) return print(JSON.stringify({ events }, null, 2));
      if (events.length === 0) return print(`no webhook of ${name} v${version}'s trigger was received in that window`);
      for (const event of events) for (const line of eventLines(event)) print(line);
      const different = events.filter((e) => e.diff === 'different').length;
      return print(`${events.length} event(s), ${different} where v${version} would call other than what was called. Replay them: the same command without --dry-run`);
    }
    const report = await replayVersion({ ...window, actor: `cli:${os.userInfo().username}`, reason: options.reason });
    if (options.json) return print(JSON.stringify(report, null, 2));
    const skipped = report.skipped.length > 0 ? `; ${report.skipped.length} skipped (already queued or processing)` : '';
    print(`queued ${report.queued} event(s) to run ${name} v${version} only (replay ${report.replayId})${skipped}`);
  } finally {
    await resources.close();
  }
}
