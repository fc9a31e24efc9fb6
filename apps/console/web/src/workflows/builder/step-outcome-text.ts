import type { DryRunStep } from '@hub/core/workflows';

/**
 * How the try panel words a step of a dry run. The API says `filtered` for a condition that does
 * not hold, which in a list of steps ends the run; in a graph the condition carries the branch it
 * takes instead, and "filtered → false" would read as if the event stopped there.
 */
export function stepOutcomeText(step: Pick<DryRunStep, 'type' | 'outcome' | 'branch'>): string {
  if (step.type === 'condition' && step.branch !== undefined) {
    if (step.outcome === 'passed') return `holds → ${step.branch}`;
    if (step.outcome === 'filtered') return `does not hold → ${step.branch}`;
  }
  return `${step.outcome.replace('_', ' ')}${step.branch ? ` → ${step.branch}` : ''}`;
}
