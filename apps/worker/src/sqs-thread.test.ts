import { describe, expect, it } from 'vitest';
import { quotaCores, useSqsThread } from './sqs-thread.js';

describe('quotaCores', () => {
  it('reads cgroup v2 cpu.max: a quota of a quarter core, two cores, or none', () => {
    expect(quotaCores('25000 100000\n')).toBe(0.25);
    expect(quotaCores('200000 100000')).toBe(2);
    expect(quotaCores('max 100000\n')).toBeUndefined();
  });

  it('reads cgroup v1 quota and period when there is no cpu.max (-1: no quota)', () => {
    expect(quotaCores(undefined, '50000\n', '100000\n')).toBe(0.5);
    expect(quotaCores(undefined, '-1\n', '100000\n')).toBeUndefined();
    expect(quotaCores(undefined, undefined, undefined)).toBeUndefined();
  });
});

describe('useSqsThread', () => {
  it('auto: a thread from two cores up, none on a fraction of one (a 0.25 vCPU task)', () => {
    expect(useSqsThread('auto', 2)).toBe(true);
    expect(useSqsThread('auto', 1)).toBe(false);
    expect(useSqsThread('auto', 0.25)).toBe(false);
  });

  it('auto: the cores are shared by the worker processes of --processes N (two on two cores: no thread)', () => {
    expect(useSqsThread('auto', 2, 2)).toBe(false);
    expect(useSqsThread('auto', 4, 2)).toBe(true);
    expect(useSqsThread('auto', 8, 3)).toBe(true);
    expect(useSqsThread('auto', 4, 3)).toBe(false);
  });

  it('on and off are obeyed whatever the cores', () => {
    expect(useSqsThread('on', 0.25)).toBe(true);
    expect(useSqsThread('off', 8)).toBe(false);
    expect(useSqsThread('on', 2, 2)).toBe(true);
  });
});
