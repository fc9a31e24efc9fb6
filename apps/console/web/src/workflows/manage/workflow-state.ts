import type { RunCounts, WorkflowSummary } from './workflow-types';

export type WorkflowStateKind = 'active' | 'canary' | 'disabled' | 'inactive';

/** The list's state column: disabled wins over a canary (nothing runs); a workflow with no active version yet is inactive. */
export function workflowState(summary: Pick<WorkflowSummary, 'status' | 'activeVersion'> & { canary: { version: number; percent: number } | null }): { kind: WorkflowStateKind; label: string } {
  if (summary.status === 'disabled') return { kind: 'disabled', label: 'disabled' };
  if (summary.activeVersion === null) return { kind: 'inactive', label: 'no active version' };
  if (summary.canary) return { kind: 'canary', label: `canary ${summary.canary.percent} % (v${summary.canary.version})` };
  return { kind: 'active', label: 'active' };
}

/** The outcome counts of a window, largest meaning first, zeros left out: `12 completed · 3 failed`. */
export function runCountsText(counts: RunCounts | undefined): string {
  if (!counts) return '—';
  const parts = (['completed', 'failed', 'filtered', 'running'] as const).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length === 0 ? 'no runs' : parts.join(' · ');
}

export const totalRuns = (counts: RunCounts): number => counts.completed + counts.filtered + counts.failed + counts.running;
