import { compileJsonata, isHubError, jsonataLimitCode, type Connector } from '@hub/connector-sdk';
import type { CoreErrorCode } from '../errors/index.js';
import { redactValue } from '../redact/index.js';
import type { SampleEvent } from './dry-run-event.js';
import { sampleInput } from './sample-bindings.js';

export interface PreviewRequest {
  expression: string;
  /** The stored webhook to evaluate over (`$`, `$eventId`, `$canonical`, …); none: an empty payload. */
  sample?: { event: SampleEvent; connector: string } | undefined;
  /** `$steps` as the author wants to try it (a run sets it from earlier nodes). */
  steps?: Record<string, unknown> | undefined;
  catalog: Readonly<Record<string, Connector>>;
}

export type PreviewError = { code: CoreErrorCode; message: string; position?: number };
export type PreviewResult = { ok: true; value: unknown } | { ok: false; error: PreviewError };

/** The code a run would record for an evaluation that threw: its limit's, a full pool's, or the workflow's. */
function evaluationCode(err: unknown): CoreErrorCode {
  if (isHubError(err) && err.code === 'HUB_JSONATA_BUSY') return 'HUB_JSONATA_BUSY';
  return jsonataLimitCode(err) ?? 'HUB_WORKFLOW_EVALUATION_FAILED';
}

/**
 * The value of one JSONata expression on a stored webhook, as a workflow run would compute it:
 * parsed in process (a syntax error answers with its position), evaluated in the JSONata pool
 * under the process's limits (time, depth, result size) with the run's bindings. Failures are
 * answers, not throws. Values whose field names look secret are shown as [redacted], as in a dry run.
 */
export async function previewExpression(request: PreviewRequest): Promise<PreviewResult> {
  const compiled = compileJsonata(request.expression);
  if (!compiled.ok) {
    return { ok: false, error: { code: 'HUB_JSONATA_SYNTAX', message: compiled.message, ...(compiled.position !== undefined ? { position: compiled.position } : {}) } };
  }
  let payload: unknown = {};
  // Without a sample: no payload and no event; the author still tries the syntax and `$steps`.
  let bindings: Record<string, unknown> = {};
  if (request.sample) {
    let input: Awaited<ReturnType<typeof sampleInput>>;
    try {
      input = await sampleInput(request.catalog, request.sample.event, request.sample.connector);
    } catch (err) {
      return { ok: false, error: { code: evaluationCode(err), message: (err as Error).message } };
    }
    if (!input.ok) return { ok: false, error: { code: input.code, message: input.message } };
    payload = input.payload;
    bindings = input.bindings;
  }
  try {
    // The run's bindings (workflows' evaluate): $eventId, $account, $eventType, $canonical, $steps.
    const value = await compiled.expression.evaluate(payload, { ...bindings, steps: request.steps ?? {} });
    return { ok: true, value: redactValue(value) };
  } catch (err) {
    const position = isHubError(err) ? (err.details as { position?: unknown } | undefined)?.position : undefined;
    return { ok: false, error: { code: evaluationCode(err), message: (err as Error).message, ...(typeof position === 'number' ? { position } : {}) } };
  }
}
