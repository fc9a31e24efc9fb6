import { describe, expect, it } from 'vitest';
import { stepOutcomeText } from './step-outcome-text';

describe('a dry-run step in words', () => {
  it('words a graph condition by what it decided and the branch it takes, not as a filter', () => {
    expect(stepOutcomeText({ type: 'condition', outcome: 'filtered', branch: 'false' })).toBe('does not hold → false');
    expect(stepOutcomeText({ type: 'condition', outcome: 'passed', branch: 'true' })).toBe('holds → true');
    expect(stepOutcomeText({ type: 'condition', outcome: 'undecided', branch: 'true' })).toBe('undecided → true');
  });
  it('keeps "filtered" for a condition of a list of steps, which ends the run', () => {
    expect(stepOutcomeText({ type: 'condition', outcome: 'filtered' })).toBe('filtered');
  });
  it('shows the other outcomes as the API names them, a switch with its case', () => {
    expect(stepOutcomeText({ type: 'action', outcome: 'would_send' })).toBe('would send');
    expect(stepOutcomeText({ type: 'switch', outcome: 'matched', branch: 'EUR' })).toBe('matched → EUR');
  });
});
