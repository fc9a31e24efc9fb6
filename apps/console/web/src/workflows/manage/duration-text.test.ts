import { describe, expect, it } from 'vitest';
import { durationText } from './duration-text';

describe('run duration text', () => {
  it('reads milliseconds, seconds and minutes, and a dash while running', () => {
    expect(durationText(840)).toBe('840 ms');
    expect(durationText(2_449)).toBe('2.4 s');
    expect(durationText(185_000)).toBe('3 min 05 s');
    expect(durationText(null)).toBe('—');
  });
});
