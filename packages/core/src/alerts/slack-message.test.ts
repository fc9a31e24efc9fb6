import { describe, expect, it } from 'vitest';
import type { Alert } from './alert-row.js';
import { slackMessage } from './slack-message.js';

const base: Alert = {
  id: '0190a6c4-0000-7000-8000-000000000001',
  connector: 'stripe',
  kind: 'anomaly:error_rate',
  severity: 'warning',
  status: 'open',
  occurrences: 1,
  evidence: { value: 0.25, baseline: 0.004, baselineSource: 'rolling', metric: 'error_rate' },
  sampleEventIds: [],
  openedAt: new Date('2025-01-01T10:00:00Z'),
  lastSeenAt: new Date('2025-01-01T10:00:00Z'),
  resolvedAt: null,
  resolution: null,
  mutedUntil: null,
  mutedBy: null,
  acknowledgedBy: null,
  acknowledgedAt: null,
  slack: null,
};

type Block = { type: string; fields?: { text: string }[]; elements?: Record<string, unknown>[] };
const blocks = (alert: Alert) => slackMessage(alert, 'https://console.test/').blocks as Block[];

describe('alert Slack message', () => {
  it('has the four buttons, Replay failed behind a confirmation dialog, and the evidence against its baseline', () => {
    const [, section, , actions] = blocks(base);
    expect(actions?.elements?.map((e) => e.action_id)).toEqual(['alert_replay', 'alert_mute_1h', 'alert_acknowledge', 'alert_open_console']);
    expect(actions?.elements?.[0]).toMatchObject({ value: base.id, confirm: { title: { type: 'plain_text' }, confirm: { text: 'Replay' }, deny: { text: 'Cancel' } } });
    expect(actions?.elements?.[3]).toMatchObject({ url: `https://console.test/alerts/${base.id}` });
    expect(section?.fields?.map((f) => f.text)).toContain('*Evidence vs baseline*\n25.0 % vs baseline 0.4 % (rolling)');
  });

  it('says who acknowledged it and who muted it until when; resolved, it keeps only the console link', () => {
    const handled = { ...base, acknowledgedBy: 'slack:U0ALICE', acknowledgedAt: new Date(), mutedUntil: new Date('2025-01-01T11:00:00Z'), mutedBy: 'slack:U0BOB' };
    const [, , context, actions] = blocks(handled);
    const lines = context?.elements?.map((e) => e.text);
    expect(lines).toContainEqual(expect.stringContaining('Acknowledged by <@U0ALICE>'));
    expect(lines).toContainEqual(expect.stringMatching(/^:mute: Muted until <!date\^1735729200\^.+\|2025-01-01T11:00:00.000Z> by <@U0BOB>$/));
    expect(actions?.elements?.map((e) => e.action_id)).toEqual(['alert_replay', 'alert_mute_1h', 'alert_open_console']);

    const resolved = blocks({ ...handled, status: 'resolved', resolvedAt: new Date(), resolution: { reason: 'metric back to its baseline' } });
    expect(resolved[3]?.elements?.map((e) => e.action_id)).toEqual(['alert_open_console']);
    expect(JSON.stringify(resolved[0])).toContain('Resolved: anomaly:error_rate on stripe');
    expect(JSON.stringify(resolved[2])).not.toContain('Muted until'); // a resolved alert's message does not speak of the mute
  });

  it('escapes payload and provider text in the evidence, so an error quoting <!channel> pings nobody', () => {
    const hostile = { ...base, kind: 'permanent_failure' as const, evidence: { code: 'HUB_ACTION_PERMANENT', message: 'answered 422: title <!channel> & <https://evil.example|x>', route: 'ledger' } };
    const message = JSON.stringify(slackMessage(hostile, 'https://console.test/'));
    expect(message).toContain('title &lt;!channel&gt; &amp; &lt;https://evil.example|x&gt;');
    for (const markup of ['<!channel', '<https://evil']) expect(message).not.toContain(markup);
  });
});
