import { describe, expect, it } from 'vitest';
import { UsageError } from '../commands/subcommand.js';
import { parseReplayArgs } from './parse-replay-args.js';

const now = new Date('2026-11-29T12:00:00Z');
const connectors = ['github', 'stripe'];
const id1 = '0192f3c4-1111-7abc-8def-000000000001';
const id2 = '0192f3c4-2222-7abc-8def-000000000002';
const parse = (text: string) => parseReplayArgs(text.split(/\s+/).filter(Boolean), connectors, now);

function usage(text: string): string {
  try {
    parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected a UsageError for ${text}`);
}

describe('parseReplayArgs', () => {
  it('reads event ids, without duplicates', () => {
    expect(parse(`${id1} ${id2} ${id1.toUpperCase()}`)).toEqual({ selection: { kind: 'ids', eventIds: [id1, id2] }, dryRun: false, reason: undefined, describe: '2 events', period: undefined });
  });

  it('reads a connector with --since as a window up to now', () => {
    expect(parse('stripe --since 2h --dry-run')).toEqual({
      selection: { kind: 'window', connector: 'stripe', from: new Date('2026-11-29T10:00:00Z') },
      dryRun: true,
      reason: undefined,
      describe: 'stripe events since 2026-11-29 10:00 UTC',
      period: 'since 2026-11-29 10:00 UTC',
    });
  });

  it('reads --from and --to, --flag=value, a dash that Slack made of -- and a reason of several words', () => {
    const args = parse('github --from=2026-11-28T08:00:00Z \u2014to 2026-11-28T09:30:00Z --reason ledger was down, fixed now');
    expect(args.selection).toEqual({ kind: 'window', connector: 'github', from: new Date('2026-11-28T08:00:00Z'), to: new Date('2026-11-28T09:30:00Z') });
    expect(args.reason).toBe('ledger was down, fixed now');
    expect(args.describe).toBe('github events from 2026-11-28 08:00 UTC to 2026-11-28 09:30 UTC');
  });

  it.each([
    ['', /What should I replay/],
    ['not-an-id', /`not-an-id` is neither an event id .* nor a connector \(github, stripe\)/],
    [`${id1} 1234`, /`1234` is neither an event id/],
    ['paypal --since 2h', /`paypal` is neither an event id .* nor a connector/],
    ['stripe', /From when\? e\.g\. `\/hub replay stripe --since 2h`/],
    ['stripe --since yesterday', /--since yesterday: not a time/],
    ['stripe --since', /`--since` needs a time/],
    ['stripe --since 2h --from 3h', /not both/],
    ['stripe --from 2026-11-29T11:00:00Z --to 2026-11-29T10:00:00Z', /--from \(2026-11-29 11:00 UTC\) must be before --to \(2026-11-29 10:00 UTC\)/],
    ['stripe --from 2026-12-01', /is in the future/],
    ['stripe --since 2h extra', /only flags/],
    [`${id1} --since 2h`, /with event ids, leave it out/],
    ['stripe --since 2h --force', /I do not know `--force`/],
    [`${id1} --reason`, /`--reason` needs the words/],
  ])('refuses %j with a message that says what to type', (text, message) => {
    expect(usage(text)).toMatch(message);
  });
});
