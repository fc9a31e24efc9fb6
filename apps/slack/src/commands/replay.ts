import { redactText } from '@hub/core/redact';
import type { ReplayReport } from '@hub/core/replay';
import { followReplay } from '../replay/follow-replay.js';
import { parseReplayArgs, type ReplayArgs } from '../replay/parse-replay-args.js';
import { openReplayReporter, type ReplayReporter } from '../replay/replay-reporter.js';
import { requestReplay } from '../replay/request-replay.js';
import type { Subcommand, SubcommandContext } from './subcommand.js';

/** A dry run lists this many ids; the count says how many there are. */
const LISTED_IDS = 10;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const ids = (list: readonly string[], max: number) => `${list.slice(0, max).map((id) => `\`${id}\``).join(', ')}${list.length > max ? ` …and ${list.length - max} more` : ''}`;

function eventsLabel(n: number, connectors: readonly string[], args: ReplayArgs): string {
  return `${n} ${connectors.join('/')} ${n === 1 ? 'event' : 'events'}${args.period ? ` ${args.period}` : ''}`.replace(/\s+/g, ' ');
}

function missingLine(missing: readonly string[]): string {
  return missing.length > 0 ? `\nNot webhook events of this hub, skipped: ${ids(missing, 5)}` : '';
}

/** Events selected but not queued (again): already queued or processing, or an outcome only an operator can judge. */
function leftOutLines(report: ReplayReport): string {
  const lines: string[] = [];
  for (const reason of ['queued', 'processing'] as const) {
    const list = report.skipped.filter((s) => s.reason === reason).map((s) => s.eventId);
    if (list.length > 0) lines.push(`Already ${reason}, not queued a second time: ${ids(list, 5)}`);
  }
  if (report.outcomeUnknown.length > 0) lines.push(`Left out, outcome_unknown (the provider may have acted; check, then replay each by id): ${ids(report.outcomeUnknown, 5)}`);
  return lines.map((l) => `\n${l}`).join('');
}

/** Follows the queued events to the end in the reporter's thread (or response_url). */
async function follow(ctx: SubcommandContext, opened: Promise<ReplayReporter>, report: ReplayReport): Promise<void> {
  try {
    await followReplay(ctx.deps.pool, report.eventIds, await opened, { replayId: report.replayId });
  } catch (err) {
    // The events are queued whatever happens to the messages about them.
    ctx.deps.log.warn({ err, replayId: report.replayId }, 'stopped following a replay from Slack');
    await ctx.respond({ text: `Replay \`${report.replayId}\` is queued, but I stopped following it (${err instanceof Error ? redactText(err.message) : 'unknown error'}); \`/hub dlq\` and the console show where the events stand.` }).catch(() => undefined);
  }
}

export const replayCommand: Subcommand = {
  name: 'replay',
  help: [
    '`/hub replay <eventId…>` — replay events by id (operators only); progress in a thread',
    '`/hub replay stripe --since 2h` — every stripe event of the last 2 hours (or `--from <time> --to <time>`); `--dry-run` counts them first, `--reason <text>` says why',
  ],
  async run(ctx) {
    const args = parseReplayArgs(ctx.args, ctx.deps.connectors);
    // Slack waits 3 s for the ack; the operator check, the selection and the replay come after it.
    await ctx.ack({ text: args.dryRun ? `:mag: Counting ${args.describe} (dry run)…` : `:repeat: Replaying ${args.describe}…` });
    // The channel hears of the replay when its first events are queued: a large one queues for a while (at a bounded rate).
    let opened: Promise<ReplayReporter> | undefined;
    const onQueued = ({ total, connectors, missing }: { total: number; connectors: string[]; missing: string[] }) => {
      if (opened) return;
      const headline = `:repeat: <@${ctx.userId}> replays ${eventsLabel(total, connectors, args)}${missingLine(missing)}`;
      opened = openReplayReporter({ client: ctx.client, channelId: ctx.channelId, respond: ctx.respond, log: ctx.deps.log }, headline);
      opened.catch(() => undefined); // awaited, and a failure handled, once the events are queued
    };
    const result = await requestReplay(ctx.deps, { userId: ctx.userId, triggerId: ctx.triggerId, args, commandText: `/hub replay ${ctx.args.join(' ')}`, onQueued });
    switch (result.outcome) {
      case 'refused':
        return ctx.respond({ text: `Only hub operators may replay events (${ctx.deps.operators.howToBecomeOne}). Your attempt was recorded; nothing was replayed.` });
      case 'duplicate':
        return; // a retried delivery of a command already answered
      case 'nothing':
        return ctx.respond({ text: result.missing.length > 0 ? `No webhook event ${ids(result.missing, 5)} in this hub: nothing replayed.` : `No ${args.describe}: nothing to replay.` });
      case 'dry_run': {
        const { report, connectors } = result;
        return ctx.respond({
          text: `Dry run: ${eventsLabel(report.selected, connectors, args)} would be replayed. First ${plural(Math.min(LISTED_IDS, report.selected), 'id')}: ${ids(report.eventIds, LISTED_IDS)}${missingLine(report.missing)}${leftOutLines(report)}\nNothing was replayed; run the command again without \`--dry-run\` to replay them.`,
        });
      }
      case 'replayed': {
        const leftOut = leftOutLines(result.report);
        if (leftOut) await ctx.respond({ text: leftOut.trim() });
        // A replay of at least one event has reported its first chunk, so the reporter is open.
        return opened && follow(ctx, opened, result.report);
      }
    }
  },
};
