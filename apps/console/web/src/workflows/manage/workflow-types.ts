// The workflow API's answers as the management pages read them, taken from the server's types
// (type imports only: nothing of the server reaches the bundle) and mapped to their JSON form.
import type {
  CallMade as ServerCallMade,
  CanaryGuard,
  CanaryStatus,
  VersionReplayDryRunEvent,
  VersionReplayReport,
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
  WouldCall as ServerWouldCall,
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

// POST /api/workflows/:name/replay's answers.
export type WouldCall = Wire<ServerWouldCall>;
export type CallMade = Wire<ServerCallMade>;
export type ReplayDryRunEvent = Wire<VersionReplayDryRunEvent>;
export type ReplayReport = Wire<VersionReplayReport>;
