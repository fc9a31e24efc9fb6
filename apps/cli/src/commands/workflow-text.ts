import type { DryRunResult, DryRunStep, WorkflowDetail, WorkflowSummary, WorkflowVersion } from '@hub/core/workflows';
import { stringify as toYaml } from 'yaml';

/** `v3`, `v3 (canary v4 on 10 %)`, or `none` when no version was activated. */
function running(w: WorkflowSummary): string {
  const active = w.activeVersion === null ? 'none' : `v${w.activeVersion}`;
  return w.canary ? `${active} (canary v${w.canary.version} on ${w.canary.percent} %)` : active;
}

/** The table of `hub workflows list`. */
export function workflowTable(list: readonly WorkflowSummary[]): string[] {
  const header = ['NAME'.padEnd(24), 'STATUS'.padEnd(8), 'RUNNING'.padEnd(28), 'TRIGGER'.padEnd(36), 'VERSIONS', 'UPDATED'];
  const rows = list.map((w) =>
    [w.name.padEnd(24), w.status.padEnd(8), running(w).padEnd(28), `${w.trigger.connector} ${w.trigger.event}`.padEnd(36), String(w.latestVersion).padEnd(8), `${w.updatedAt.toISOString()} by ${w.updatedBy}`].join('  '),
  );
  return [header.join('  '), ...rows];
}

/** `hub workflows show <name>`: the state, every version, and the running definition (YAML: what `apply` takes). */
export function workflowDetail(w: WorkflowDetail): string[] {
  const lines = [
    `${w.name} (${w.id})`,
    `  status:   ${w.status}${w.status === 'disabled' ? ' (nothing runs; hub workflows enable ' + w.name + ')' : ''}`,
    `  running:  ${running(w)}`,
    `  trigger:  ${w.trigger.connector} ${w.trigger.event}`,
    `  rollback: ${w.previousVersions.length > 0 ? `to v${w.previousVersions.at(-1)} (then ${w.previousVersions.slice(0, -1).reverse().map((v) => `v${v}`).join(', ') || 'none'})` : 'no earlier version (use --to N)'}`,
    `  updated:  ${w.updatedAt.toISOString()} by ${w.updatedBy}`,
    '',
    'versions (newest first):',
    ...w.versions.map((v) => `  v${v.version}  ${v.createdAt.toISOString()}  by ${v.createdBy}${marker(w, v.version)}${v.message ? `  "${v.message}"` : ''}`),
  ];
  const shown = w.versions.find((v) => v.version === w.activeVersion) ?? w.versions[0];
  if (shown) lines.push('', ...versionText(shown, w.activeVersion === shown.version ? 'active' : 'latest'));
  return lines;
}

function marker(w: WorkflowSummary, version: number): string {
  if (version === w.activeVersion) return '  <- active';
  if (version === w.canary?.version) return `  <- canary ${w.canary.percent} %`;
  return '';
}

/** One version's definition as YAML, ready to edit and `hub workflows apply`. */
export function versionText(v: WorkflowVersion, label?: string): string[] {
  return [`# v${v.version}${label ? ` (${label})` : ''}, saved ${v.createdAt.toISOString()} by ${v.createdBy}`, ...toYaml(v.definition).trimEnd().split('\n')];
}

const SHOWN_CHARS = 160;

/** Compact JSON, cut at SHOWN_CHARS (`--json` shows it whole). */
function compact(value: unknown): string {
  const text = value === undefined ? 'no value' : JSON.stringify(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

/** `path: message` of each schema issue. */
function issuesText(issues: readonly { path: readonly PropertyKey[]; message: string }[] | undefined): string {
  return issues && issues.length > 0 ? `: ${issues.map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`).join('; ')}` : '';
}

function stepLine(step: DryRunStep): string {
  const head = `  ${step.id.padEnd(16)} ${step.type.padEnd(10)} ${step.outcome.padEnd(11)}`;
  let detail = '';
  if (step.problem) detail = `${step.code ? `${step.code} ` : ''}${step.problem}${issuesText(step.issues)}`;
  else if (step.type === 'transform') detail = compact(step.value);
  else if (step.type === 'notify') detail = `${step.action} ${compact(step.text)}`;
  else if (step.input !== undefined) detail = `${step.action} ${compact(step.input)}`;
  const unknown = step.unknownSteps ? `  (without ${step.unknownSteps.map((s) => `$steps.${s}`).join(', ')}: unknown in a dry run)` : '';
  const retry = step.retry ? `  (retries: ${step.retry.retries}, at most ${step.retry.retries + 1} attempt${step.retry.retries === 0 ? '' : 's'})` : '';
  return `${head} ${detail}${retry}${unknown}`.trimEnd();
}

/** `hub workflows dry-run`: each event with its steps, then the totals. */
export function dryRunText(result: DryRunResult): string[] {
  const { trigger, totals } = result;
  const lines = [
    `${result.name} ${result.version === null ? '(from the file, not saved)' : `v${result.version}`} on ${result.events.length} stored ${trigger.connector} ${trigger.event} webhook(s), newest first; nothing was called or recorded`,
    '',
    ['EVENT'.padEnd(36), 'PROVIDER ID'.padEnd(32), 'RECEIVED'.padEnd(24), 'OUTCOME'].join('  '),
  ];
  for (const event of result.events) {
    lines.push([event.eventId.padEnd(36), (event.providerEventId ?? '-').padEnd(32), event.receivedAt.toISOString().padEnd(24), event.outcome].join('  '));
    lines.push(...event.steps.map(stepLine));
    if (event.filteredBy === 'trigger') lines.push('  filtered by the trigger filter');
    // A problem before any step (payload, normalisation, trigger filter): the failing step's own line says it otherwise.
    if (event.outcome === 'error' && !event.steps.some((s) => s.outcome === 'error')) lines.push(`  ${event.code ?? ''} ${event.problem ?? ''}${event.issues ? ' (--json shows the issues)' : ''}`.trimEnd());
  }
  lines.push('', `${result.events.length} webhook(s): ${totals.would_run} would run, ${totals.filtered} filtered, ${totals.error} error(s)`);
  const undecided = result.events.some((e) => e.steps.some((s) => s.outcome === 'undecided'));
  if (undecided) lines.push('undecided: a step that reads the answer of a call (not made in a dry run) failed or did not hold without it; the steps after it are shown as if it had passed');
  lines.push(`(values cut at ${SHOWN_CHARS} characters and secret-named fields shown as [redacted]; --json shows whole values)`);
  return lines;
}
