// The workflow API's answers as the management pages read them. The document types come from the
// server (type imports only: nothing of the server reaches the bundle). Fields the issue-13 APIs add
// (run counts, version messages) are optional: a hub without them still shows the rest.
import type { WorkflowDocument, WorkflowEdge, WorkflowGraph, WorkflowNode, WorkflowSummary as ServerSummary, WorkflowVersion as ServerVersion } from '@hub/core/workflows';

export type { WorkflowDocument, WorkflowEdge, WorkflowGraph, WorkflowNode };

/** What JSON makes of a server type: dates travel as ISO strings. */
type Wire<T> = T extends Date ? string : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

export type RunStatus = 'running' | 'completed' | 'filtered' | 'failed';

export interface RunCounts {
  completed: number;
  filtered: number;
  failed: number;
  running: number;
}

export interface LastRunError {
  code: string;
  message: string;
  at: string;
  eventId: string;
  version: number;
}

export type WorkflowSummary = Wire<ServerSummary> & { runs?: { last24h: RunCounts; lastError: LastRunError | null } };

export type WorkflowVersion = Wire<ServerVersion> & { message?: string | null };

export type WorkflowDetail = WorkflowSummary & { versions: WorkflowVersion[]; previousVersions: number[] };

export interface WorkflowRun {
  eventId: string;
  version: number;
  canary: boolean;
  status: RunStatus;
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  path: string[];
  error: { code: string; message: string } | null;
}

export interface CanaryGuard {
  failureRateMargin: number;
  minRuns: number;
  p95Factor: number | null;
}

export interface VersionFigures {
  version: number;
  runs: number;
  failed: number;
  failureRate: number | null;
  p95Ms: number | null;
}

export interface CanaryRollback {
  at: string;
  version: number;
  reason: string;
  figures: unknown;
}

export interface CanaryReport {
  canary: { version: number; percent: number; startedAt: string; guard: CanaryGuard } | null;
  stable: VersionFigures;
  candidate: VersionFigures | null;
  rolledBack: CanaryRollback | null;
}

export interface ReplayCall {
  node?: string;
  label?: string;
  connector: string;
  action: string;
  input?: unknown;
  outcome?: string;
}

export interface ReplayDryRunEvent {
  eventId: string;
  receivedAt: string;
  path: string[];
  wouldCall: ReplayCall[];
  didCall: ReplayCall[];
  diff: 'same' | 'different';
}
