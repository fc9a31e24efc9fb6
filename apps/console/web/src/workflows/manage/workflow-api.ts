import { getJson, postJson } from '../../api/console-api';
import type { EventChange } from '../../api/types';
import type { CanaryGuard, CanaryReport, ReplayDryRunEvent, ReplayReport, WorkflowDetail, WorkflowDocument, WorkflowRun, WorkflowSummary } from './workflow-types';

const base = (name: string) => `/api/workflows/${encodeURIComponent(name)}`;

/** Operations and runs of workflows are stored as `workflow.*` events: the pages reload when one arrives. */
export const touchesWorkflows = (change: EventChange): boolean => change.types.some((t) => t.startsWith('workflow.'));

export const listWorkflows = () => getJson<{ workflows: WorkflowSummary[] }>('/api/workflows');
export const getWorkflow = (name: string) => getJson<{ workflow: WorkflowDetail }>(base(name));
export const getRuns = (name: string, limit = 50) => getJson<{ runs: WorkflowRun[] }>(`${base(name)}/runs?limit=${limit}`);
export const getCanary = (name: string) => getJson<CanaryReport>(`${base(name)}/canary`);

export const disableWorkflow = (name: string) => postJson<unknown>(`${base(name)}/disable`, {});
export const enableWorkflow = (name: string) => postJson<unknown>(`${base(name)}/enable`, {});
export const rollBack = (name: string, to: number) => postJson<unknown>(`${base(name)}/rollback`, { to });

/** Starts a canary, or (the same version again) changes its percent and guard. */
export const setCanary = (name: string, version: number, percent: number, guard: CanaryGuard) => postJson<unknown>(`${base(name)}/canary`, { version, percent, guard });
export const endCanary = (name: string, action: 'promote' | 'stop') => postJson<unknown>(`${base(name)}/canary`, { action });

export interface ReplayWindow {
  version: number;
  from: string;
  to?: string;
  limit?: number;
  /** Recorded with a real replay. */
  reason?: string;
}
export const dryRunReplay = (name: string, window: ReplayWindow) => postJson<{ events: ReplayDryRunEvent[] }>(`${base(name)}/replay`, { ...window, dryRun: true });
export const replayForReal = (name: string, window: ReplayWindow) => postJson<ReplayReport>(`${base(name)}/replay`, { ...window, dryRun: false });

/** Saves a new version, with its message in the `{ document, message }` form when there is one. */
export function saveVersion(document: unknown, message: string, activate: boolean) {
  const body = message.trim() === '' ? document : { document, message: message.trim() };
  return postJson<{ name: string; version: number }>(`/api/workflows?activate=${activate}`, body);
}

export type { WorkflowDocument };
