import { parseTimeArgument, type ReplaySelection } from '@hub/core/replay';
import { UsageError } from '../commands/subcommand.js';

/** What `/hub replay …` asks for, checked before anything is read or written. */
export interface ReplayArgs {
  selection: Extract<ReplaySelection, { kind: 'ids' } | { kind: 'window' }>;
  dryRun: boolean;
  /** `--reason <words…>`; the command text is recorded when none is given. */
  reason: string | undefined;
  /** For messages: "3 events", "stripe events since 2026-11-29 10:00 UTC". */
  describe: string;
  /** The window in words ("since 2026-11-29 10:00 UTC"), for a connector's events. */
  period: string | undefined;
}

export const REPLAY_USAGE =
  '`/hub replay <eventId…>`, or `/hub replay <connector> --since 2h` (or `--from <time> [--to <time>]`); times are ages (`30m`, `2h`, `7d`) or ISO date-times; add `--dry-run` to count first, `--reason <text>` to say why';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VALUED = new Set(['--since', '--from', '--to']);
const FLAGS = new Set([...VALUED, '--dry-run', '--reason']);

/** Slack clients (macOS above all) turn a typed `--` into an em or en dash. */
const normaliseFlag = (word: string) => word.replace(/^[\u2014\u2013]/, '--');

export const formatTime = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function time(flag: string, value: string, now: Date): Date {
  try {
    return parseTimeArgument(value, now);
  } catch {
    throw new UsageError(`${flag} ${value}: not a time. Use an age such as \`30m\`, \`2h\` or \`7d\`, or an ISO date-time such as \`2026-11-29T10:00:00Z\`.`);
  }
}

/** Reads the words after `/hub replay`; a UsageError says what to type instead. */
export function parseReplayArgs(words: readonly string[], connectors: readonly string[], now = new Date()): ReplayArgs {
  const positional: string[] = [];
  const values = new Map<string, string>();
  let dryRun = false;
  let reason: string | undefined;
  for (let i = 0; i < words.length; i += 1) {
    const word = normaliseFlag(words[i] ?? '');
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const [flag = '', inline] = word.split(/=(.*)/s, 2);
    if (!FLAGS.has(flag)) throw new UsageError(`I do not know \`${flag}\`. Use ${REPLAY_USAGE}.`);
    if (flag === '--dry-run') {
      dryRun = true;
    } else if (flag === '--reason') {
      // The reason is every word up to the next flag: Slack sends the text unquoted.
      const rest: string[] = inline ? [inline] : [];
      while (i + 1 < words.length && !normaliseFlag(words[i + 1] ?? '').startsWith('--')) rest.push(words[(i += 1)] ?? '');
      reason = rest.join(' ').trim() || undefined;
      if (!reason) throw new UsageError('`--reason` needs the words that say why, e.g. `--reason ledger fixed`.');
    } else {
      const value = inline ?? words[(i += 1)];
      if (value === undefined || value === '' || normaliseFlag(value).startsWith('--')) throw new UsageError(`\`${flag}\` needs a time, e.g. \`${flag} 2h\`.`);
      if (values.has(flag)) throw new UsageError(`\`${flag}\` is given twice.`);
      values.set(flag, value);
    }
  }
  if (positional.length === 0) throw new UsageError(`What should I replay? Use ${REPLAY_USAGE}.`);

  const [first = ''] = positional;
  if (connectors.includes(first)) {
    if (positional.length > 1) throw new UsageError(`After the connector, only flags: \`/hub replay ${first} --since 2h\`. To replay single events, give only their ids.`);
    const since = values.get('--since');
    const fromText = values.get('--from');
    const toText = values.get('--to');
    if (since !== undefined && (fromText !== undefined || toText !== undefined)) throw new UsageError('Use `--since <time>` or `--from <time> [--to <time>]`, not both.');
    const start = since ?? fromText;
    if (start === undefined) throw new UsageError(`From when? e.g. \`/hub replay ${first} --since 2h\` or \`/hub replay ${first} --from 2026-11-29T10:00:00Z --to 2026-11-29T12:00:00Z\`.`);
    const from = time(since !== undefined ? '--since' : '--from', start, now);
    const to = toText === undefined ? undefined : time('--to', toText, now);
    if (from.getTime() >= (to ?? now).getTime()) {
      throw new UsageError(to ? `--from (${formatTime(from)}) must be before --to (${formatTime(to)}).` : `${formatTime(from)} is in the future: nothing was received after it yet.`);
    }
    const period = to ? `from ${formatTime(from)} to ${formatTime(to)}` : `since ${formatTime(from)}`;
    return { selection: { kind: 'window', connector: first, from, ...(to ? { to } : {}) }, dryRun, reason, describe: `${first} events ${period}`, period };
  }

  const malformed = positional.filter((word) => !UUID.test(word));
  if (malformed.length > 0) {
    const [bad = ''] = malformed;
    throw new UsageError(`\`${bad.slice(0, 60)}\` is neither an event id (a UUID such as \`0192f3c4-…\`, as \`/hub dlq\` shows them) nor a connector (${connectors.join(', ')}). Use ${REPLAY_USAGE}.`);
  }
  if (values.size > 0) throw new UsageError(`\`${[...values.keys()].join('`, `')}\` selects a time window of a connector; with event ids, leave it out.`);
  const eventIds = [...new Set(positional.map((id) => id.toLowerCase()))];
  return { selection: { kind: 'ids', eventIds }, dryRun, reason, describe: `${eventIds.length} event${eventIds.length === 1 ? '' : 's'}`, period: undefined };
}
