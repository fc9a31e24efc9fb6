import { describe, expect, it } from 'vitest';
import { matchCalls } from './match-calls';

import type { CallMade, WouldCall } from './workflow-types';

const crm: WouldCall = { node: 'crm', connector: 'salesforce', action: 'create_contact', input: { email: 'a@example.com' } };
const slack: WouldCall = { node: 'slack', connector: 'slack', action: 'post_message', input: { channel: 'sales', text: 'big order' } };
/** A call the stream recorded for a would-call (by default: the same one, succeeded). */
const made = (call: WouldCall, fields: Partial<CallMade> = {}): CallMade => ({ label: `workflow:orders:${call.node}`, version: 1, outcome: 'succeeded', ...call, ...fields });

describe('replay call matching', () => {
  it('pairs the same calls whatever their order', () => {
    const did = [made(slack, { input: { text: 'big order', channel: 'sales' } }), made(crm)];
    expect(matchCalls([crm, slack], did)).toEqual({ would: [true, true], did: [true, true] });
  });

  it('marks a call only the version would make, and one that happened but would not any more', () => {
    const did = [made({ node: 'archive', connector: 'http', action: 'post', input: { url: 'https://archive.example.com' } })];
    expect(matchCalls([crm], did)).toEqual({ would: [false], did: [false] });
  });

  it('counts a call with another input as different, and a recorded call without input by its action alone', () => {
    expect(matchCalls([crm], [made(crm, { input: { email: 'b@example.com' } })])).toEqual({ would: [false], did: [false] });
    expect(matchCalls([crm], [made(crm, { input: undefined })])).toEqual({ would: [true], did: [true] });
  });

  it('pairs each past call once: a version calling twice where once happened differs once', () => {
    expect(matchCalls([crm, crm], [made(crm)])).toEqual({ would: [true, false], did: [true] });
  });
});
