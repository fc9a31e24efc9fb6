import { describe, expect, it } from 'vitest';
import { matchCalls } from './match-calls';

const crm = { node: 'crm', connector: 'salesforce', action: 'create_contact', input: { email: 'a@example.com' } };
const slack = { node: 'slack', connector: 'slack', action: 'post_message', input: { channel: 'sales', text: 'big order' } };

describe('replay call matching', () => {
  it('pairs the same calls whatever their order', () => {
    const did = [
      { label: 'slack', connector: 'slack', action: 'post_message', input: { text: 'big order', channel: 'sales' }, outcome: 'succeeded' },
      { label: 'crm', connector: 'salesforce', action: 'create_contact', input: { email: 'a@example.com' }, outcome: 'succeeded' },
    ];
    expect(matchCalls([crm, slack], did)).toEqual({ would: [true, true], did: [true, true] });
  });

  it('marks a call only the version would make, and one that happened but would not any more', () => {
    const did = [{ label: 'forward', connector: 'http', action: 'post', outcome: 'succeeded' }];
    expect(matchCalls([crm], did)).toEqual({ would: [false], did: [false] });
  });

  it('counts a call with another input as different, and a recorded call without input by its action alone', () => {
    expect(matchCalls([crm], [{ ...crm, input: { email: 'b@example.com' } }])).toEqual({ would: [false], did: [false] });
    expect(matchCalls([crm], [{ label: 'crm', connector: 'salesforce', action: 'create_contact' }])).toEqual({ would: [true], did: [true] });
  });

  it('pairs each past call once: a version calling twice where once happened differs once', () => {
    expect(matchCalls([crm, crm], [crm])).toEqual({ would: [true, false], did: [true] });
  });
});
