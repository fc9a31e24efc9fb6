// The console API calls of the builder (apps/console/src/routes/workflows*.ts and the contract of issue 13).
import type { WorkflowCatalog } from '@hub/console';
import type { DryRunEvent, DryRunResult, LocatedProblem, WorkflowDetail, WorkflowDocument } from '@hub/core/workflows';
import { ApiError, getJson, postJson } from '../../api/console-api';

type Wire<T> = T extends Date ? string : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

export type { WorkflowCatalog };
export type TryResult = Wire<DryRunResult>;
export type TryEvent = Wire<DryRunEvent>;

/** Why a document was refused: every problem, and where each belongs (a node id, an edge index, or the whole workflow). */
export interface Refusal {
  code: string;
  message: string;
  problems: string[];
  nodeProblems: LocatedProblem[];
}

export const loadCatalog = () => getJson<WorkflowCatalog>('/api/workflows/catalog');

/** The newest saved version's document (what the editor opens), or null when there is no such workflow. */
export async function loadLatestDocument(name: string): Promise<WorkflowDocument | null> {
  try {
    const { workflow } = await getJson<{ workflow: Wire<WorkflowDetail> }>(`/api/workflows/${encodeURIComponent(name)}`);
    return (workflow.versions[0]?.definition as WorkflowDocument | undefined) ?? null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** A refusal of the document as the page shows it; anything else (network, 500) is rethrown. */
function refusalOf(err: unknown): Refusal {
  if (!(err instanceof ApiError) || err.status !== 400) throw err;
  const body = (err.body ?? {}) as { error?: { problems?: string[]; nodeProblems?: LocatedProblem[] }; problems?: string[]; nodeProblems?: LocatedProblem[] };
  const problems = body.error?.problems ?? body.problems ?? [err.message];
  const nodeProblems = body.error?.nodeProblems ?? body.nodeProblems ?? problems.map((problem) => ({ problem }));
  return { code: err.code, message: err.message, problems, nodeProblems };
}

export type SaveAnswer = { ok: true; name: string; version: number } | { ok: false; refusal: Refusal };

/** POST /api/workflows: a new immutable version, with the author's message when one is given. */
export async function saveVersion(document: WorkflowDocument, message: string, activate: boolean): Promise<SaveAnswer> {
  const body = message.trim() ? { document, message: message.trim() } : document;
  try {
    const saved = await postJson<{ name: string; version: number }>(`/api/workflows?activate=${activate}`, body);
    return { ok: true, ...saved };
  } catch (err) {
    return { ok: false, refusal: refusalOf(err) };
  }
}

export type TryAnswer = { ok: true; result: TryResult } | { ok: false; refusal: Refusal };

/** POST /api/workflows/dry-run over the last N stored webhooks of the trigger: validates first, calls nothing. */
/** Which stored webhooks a try runs over: the last N of the trigger, or the ones picked. */
export type TrySelection = { last: number } | { eventIds: string[] };

export async function tryOnStoredEvents(document: WorkflowDocument, selection: TrySelection): Promise<TryAnswer> {
  try {
    return { ok: true, result: await postJson<TryResult>('/api/workflows/dry-run', { definition: document, ...selection }) };
  } catch (err) {
    return { ok: false, refusal: refusalOf(err) };
  }
}

export interface SampleEvent {
  eventId: string;
  receivedAt: string;
  status: string;
  summary: string;
}

/** Stored webhooks of a trigger to preview expressions on; null when this hub does not offer them (yet). */
export async function loadSamples(connector: string, event: string): Promise<SampleEvent[] | null> {
  try {
    const query = new URLSearchParams({ connector, event, limit: '20' });
    return (await getJson<{ events: SampleEvent[] }>(`/api/workflows/samples?${query.toString()}`)).events;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export type PreviewAnswer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; position?: number } } | { ok: 'unavailable'; reason: string };

/** POST /api/workflows/preview: the expression's value on a stored event (or its syntax alone without one). */
export async function previewExpression(expression: string, eventId: string | undefined): Promise<PreviewAnswer> {
  try {
    return await postJson<PreviewAnswer>('/api/workflows/preview', { expression, ...(eventId ? { eventId } : {}) });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return { ok: 'unavailable', reason: err.code === 'HUB_EVENT_NOT_FOUND' ? 'that sample event is no longer stored' : 'this hub cannot preview expressions yet' };
    }
    throw err;
  }
}
