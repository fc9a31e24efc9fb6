import type { Connector } from '@hub/connector-sdk';
import { EventStore } from '../event-store/index.js';
import { callsMade, callTarget, type CallMade } from './calls-made.js';
import { compileWorkflow } from './compile-workflow.js';
import { dryRunEvent, type DryRunEvent } from './dry-run-event.js';
import { readVersionReplayWindow, type VersionReplayWindow } from './version-replay-window.js';
import { workflowGraphOf } from './workflow-graph-of.js';

export interface WouldCall {
  node: string;
  connector: string;
  action: string;
  /** As it would be sent: mapped and parsed by the action's input schema (secret-looking fields [redacted]). */
  input: unknown;
}

export interface VersionReplayDryRunEvent {
  eventId: string;
  receivedAt: Date;
  /** What the version would do: `would_run`, `filtered` (by the trigger or a branch leading nowhere), `error` (the worker would quarantine it: `problem`). */
  outcome: DryRunEvent['outcome'];
  problem?: string;
  /** The nodes the version would run, in order. */
  path: string[];
  wouldCall: WouldCall[];
  /** The calls this workflow (any version) made for the event. */
  didCall: CallMade[];
  /** `same`: the calls the version would make are the calls made (connector, action and input; one for one). */
  diff: 'same' | 'different';
}

/** JSON with object keys sorted: two inputs compare equal whatever the order of their fields. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Whether the calls made are the calls the version would make, one for one. A recorded input is
 * read through the action's input schema first (the dry run shows the parsed input); a call
 * made without a recorded input matches on its connector action alone.
 */
export function sameCalls(would: readonly WouldCall[], did: readonly CallMade[], catalog: Readonly<Record<string, Connector>>): boolean {
  if (would.length !== did.length) return false;
  const open = [...would];
  for (const call of did) {
    const action = call.connector && call.action && Object.hasOwn(catalog, call.connector) ? catalog[call.connector]?.actions[call.action] : undefined;
    const parsed = call.input !== undefined && action ? action.input.safeParse(call.input) : undefined;
    const input = parsed?.success ? parsed.data : call.input;
    const match = open.findIndex((w) => w.connector === call.connector && w.action === call.action && (call.input === undefined || canonicalJson(w.input) === canonicalJson(input)));
    if (match < 0) return false;
    open.splice(match, 1);
  }
  return true;
}

/**
 * A replay against a version, without calling or writing anything: each stored webhook of the
 * window through the version as the worker would run it (dryRunEvent: the path and the calls it
 * would send), next to the calls the workflow actually made for it, and whether they differ.
 */
export async function dryRunVersionReplay(options: VersionReplayWindow): Promise<{ name: string; version: number; events: VersionReplayDryRunEvent[] }> {
  const { catalog } = options;
  const { workflow, definition, events } = await readVersionReplayWindow(options);
  const compiled = compileWorkflow(definition, []);
  const nodes = new Map(workflowGraphOf(definition).nodes.map((n) => [n.id, n]));
  const versions = new Map(workflow.versions.map((v) => [v.version, v.definition]));
  const streams = events.length > 0 ? await new EventStore(options.pool).readStreams(events.map((e) => e.eventId)) : [];
  const result: VersionReplayDryRunEvent[] = [];
  for (const [index, event] of events.entries()) {
    const dry = await dryRunEvent(compiled, catalog, event);
    const wouldCall = dry.steps.flatMap((step): WouldCall[] => {
      const target = callTarget(nodes.get(step.id));
      return target && step.outcome === 'would_send' ? [{ node: step.id, ...target, input: step.input }] : [];
    });
    const didCall = callsMade(streams[index] ?? [], workflow.name, versions);
    result.push({
      eventId: event.eventId,
      receivedAt: event.receivedAt,
      outcome: dry.outcome,
      ...(dry.problem ? { problem: dry.problem } : {}),
      path: dry.steps.map((s) => s.id),
      wouldCall,
      didCall,
      diff: sameCalls(wouldCall, didCall, catalog) ? 'same' : 'different',
    });
  }
  return { name: workflow.name, version: options.version, events: result };
}
