// The workflow API's answers as the management pages read them, taken from the server's types
// (type imports only: nothing of the server reaches the bundle) and mapped to their JSON form.
import type {
  CanaryGuard,
  CanaryStatus,
  VersionRunStats,
  WorkflowDetail as ServerDetail,
  WorkflowDocument,
  WorkflowEdge,
  WorkflowGraph,
  WorkflowNode,
  WorkflowRun as ServerRun,
  WorkflowRunCounts,
  WorkflowRunStatus,
  WorkflowSummary as ServerSummary,
  WorkflowVersion as ServerVersion,
} from '@hub/core/workflows';

export type { CanaryGuard, WorkflowDocument, WorkflowEdge, WorkflowGraph, WorkflowNode };

/** What JSON makes of a server type: dates travel as ISO strings. */
type Wire<T> = T extends Date ? string : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

export type RunStatus = WorkflowRunStatus;
export type RunCounts = WorkflowRunCounts['last24h'];
export type LastRunError = NonNullable<Wire<WorkflowRunCounts['lastError']>>;

/** GET /api/workflows adds each workflow's runs (absent for a workflow the run table has not seen). */
export type WorkflowSummary = Wire<ServerSummary> & { runs?: Wire<WorkflowRunCounts> };
export type WorkflowVersion = Wire<ServerVersion>;
export type WorkflowDetail = Wire<ServerDetail>;
export type WorkflowRun = Wire<ServerRun>;

export type VersionFigures = VersionRunStats;
export type CanaryReport = Wire<CanaryStatus>;
export type CanaryRollback = NonNullable<CanaryReport['rolledBack']>;

// POST /api/workflows/:name/replay's answers (the tools helper's VersionReplayDryRunEvent and
// VersionReplayReport, written out here until both branches meet; then they can be Wire<> of those).

/** A call the version would make. */
export interface WouldCall {
  node: string;
  connector: string;
  action: string;
  input: unknown;
}

/** A call the workflow made for the event (any version), as its stream records it. */
export interface CallMade {
  label: string;
  node: string;
  version: number | null;
  connector: string | null;
  action: string | null;
  /** Absent when the node's input was not recorded. */
  input?: unknown;
  outcome: 'succeeded' | 'failed' | 'sent';
}

export interface ReplayDryRunEvent {
  eventId: string;
  receivedAt: string;
  /** What the version would do: run, stop (`filtered`), or fail the event (`error`, with `problem`). */
  outcome: 'would_run' | 'filtered' | 'error';
  problem?: string;
  path: string[];
  wouldCall: WouldCall[];
  didCall: CallMade[];
  diff: 'same' | 'different';
}

export interface ReplayReport {
  replayId: string;
  queued: number;
  eventIds: string[];
  /** Already waiting in their queue or being processed: not queued a second time. */
  skipped: { eventId: string; reason: string }[];
}
