import { describe, expect, it } from 'vitest';
import { runCountsText, workflowState } from './workflow-state';
import { shortEventId } from './short-event-id';

describe('workflow state and run counts', () => {
  it('reads active, canary with its share, disabled and not yet active', () => {
    expect(workflowState({ status: 'active', activeVersion: 2, canary: null })).toEqual({ kind: 'active', label: 'active' });
    expect(workflowState({ status: 'active', activeVersion: 2, canary: { version: 3, percent: 25 } })).toEqual({ kind: 'canary', label: 'canary 25 % (v3)' });
    expect(workflowState({ status: 'disabled', activeVersion: 2, canary: { version: 3, percent: 25 } }).kind).toBe('disabled');
    expect(workflowState({ status: 'active', activeVersion: null, canary: null }).kind).toBe('inactive');
  });

  it('lists the outcomes that happened, and says so when none did', () => {
    expect(runCountsText({ completed: 12, filtered: 0, failed: 3, running: 1 })).toBe('12 completed · 3 failed · 1 running');
    expect(runCountsText({ completed: 0, filtered: 0, failed: 0, running: 0 })).toBe('no runs');
    expect(runCountsText(undefined)).toBe('—');
  });
});

describe('short event ids', () => {
  it('keeps the end of a UUIDv7, which differs between events received together', () => {
    const a = '01a246ab-7c1e-7000-8000-00000000a1b2';
    const b = '01a246ab-7c1e-7000-8000-00000000c3d4';
    expect(shortEventId(a)).toBe('…0000a1b2');
    expect(shortEventId(a)).not.toBe(shortEventId(b));
  });
});
