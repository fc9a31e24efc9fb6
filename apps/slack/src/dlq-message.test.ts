import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '@hub/core/replay';
import { dlqMessage } from './dlq-message.js';

const dead = (fields: Partial<DeadLetter>): DeadLetter => ({
  eventId: '0190a6c4-0000-7000-8000-000000000001',
  connector: 'github',
  account: null,
  eventType: 'issues',
  status: 'dead_lettered',
  errorClass: 'permanent',
  code: 'HUB_ACTION_PERMANENT',
  message: 'answered 422',
  attempts: 1,
  issues: undefined,
  at: new Date('2026-01-01T10:00:00Z'),
  ...fields,
});

const sectionText = (list: DeadLetter[]) => JSON.stringify(dlqMessage('github', list, new Date('2026-01-01T10:05:00Z')).blocks[1]);

describe('the Slack DLQ list', () => {
  it('shows a provider event type and an error message as text, never as a mention or a link', () => {
    const text = sectionText([dead({ eventType: '<!channel>', message: 'title <@U123> <https://evil.example|x>' })]);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('title &lt;@U123&gt; &lt;https://evil.example|x&gt;');
    for (const markup of ['<!channel', '<@U123', '<https://evil']) expect(text).not.toContain(markup);
  });

  it('shows the outcome_unknown class with what it means for a replay', () => {
    const text = sectionText([dead({ errorClass: 'outcome_unknown', code: 'HUB_ACTION_OUTCOME_UNKNOWN' })]);
    expect(text).toContain('dead_lettered · outcome_unknown');
    expect(text).toContain('the provider may have acted');
  });
});
