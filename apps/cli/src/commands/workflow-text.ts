import type { WorkflowDetail, WorkflowSummary, WorkflowVersion } from '@hub/core/workflows';
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
    ...w.versions.map((v) => `  v${v.version}  ${v.createdAt.toISOString()}  by ${v.createdBy}${marker(w, v.version)}`),
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
