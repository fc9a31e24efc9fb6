import { escapeMrkdwn } from '@hub/core/slack-text';
import { isWorkflowGraph, type WorkflowCondition, type WorkflowDetail, type WorkflowDocument, type WorkflowNode } from '@hub/core/workflows';
import { graphOutline } from './graph-outline.js';

// What an author typed (expressions, texts, URLs) can hold `<!channel>` or a link: escaped, so it only shows.
const code = (text: string) => `\`${escapeMrkdwn(text.replaceAll('`', "'"))}\``;
// A channel id links to the channel; a name is shown as typed.
const channel = (name: string) => (/^[CG][A-Z0-9]{2,}$/.test(name) ? `<#${name}>` : `#${escapeMrkdwn(name)}`);

function condition(when: WorkflowCondition): string {
  if ('expression' in when) return code(when.expression);
  const value = when.value === undefined ? '' : ` ${code(JSON.stringify(when.value))}`;
  return `${code(when.field)} ${when.operator.replace('_', ' ')}${value}`;
}

// A call node's own retry limit, briefly (without one, its connector's retry policy alone applies).
function retryNote(s: WorkflowNode): string {
  const retries = 'retry' in s ? s.retry?.retries : undefined;
  if (retries === undefined) return '';
  return retries === 0 ? ' _(not retried)_' : ` _(at most ${retries + 1} attempts)_`;
}

function step(s: WorkflowNode): string {
  return `${what(s)}${retryNote(s)}`;
}

function what(s: WorkflowNode): string {
  switch (s.type) {
    case 'transform':
      return `transform → \`$steps.${s.id}\` = ${code(s.expression)}`;
    case 'condition':
      return `only when ${condition(s.when)}`;
    case 'action':
      return `${escapeMrkdwn(s.connector)} ${escapeMrkdwn(s.action)} with ${Object.entries(s.input)
        // Stored as jsonb, which keeps no key order: sorted, so the same version always reads the same.
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([field, expression]) => `${escapeMrkdwn(field)} = ${code(expression)}`).join(', ') || 'no input'}`;
    case 'forward':
      return `forward the event to ${code(s.url)}`;
    case 'notify':
      return `notify ${channel(s.channel)}: ${code(s.text)}`;
    case 'switch':
      return `switch${s.value ? ` on ${code(s.value)}` : ''}: ${s.cases.map((c) => escapeMrkdwn(c.branch)).join(', ')}, default`;
  }
}

/** A definition as an operator reads it: the trigger, then each step on its line (a graph as an indented outline of its branches). */
export function definitionLines(d: WorkflowDocument): string[] {
  const when = `when ${code(`${d.trigger.connector} ${d.trigger.event}`)}${d.trigger.filter ? ` and ${condition(d.trigger.filter)}` : ''}`;
  if (!isWorkflowGraph(d)) return [when, ...d.steps.map((s, i) => `${i + 1}. ${step(s)}`)];
  return [when, ...graphOutline(d, step)];
}

/** `/hub workflow show <name>`: its state, its versions, and the running version's steps. */
export function workflowDetailText(w: WorkflowDetail): string {
  const running = w.versions.find((v) => v.version === w.activeVersion) ?? w.versions[0];
  const versions = w.versions
    .slice(0, 10)
    .map((v) => `v${v.version} by ${v.createdBy.replace(/^slack:(.+)$/, '<@$1>')}${v.version === w.activeVersion ? ' ← active' : v.version === w.canary?.version ? ` ← canary ${w.canary.percent}%` : ''}`);
  return [
    `*${w.name}* — ${w.status}${w.status === 'disabled' ? ` (\`/hub workflow enable ${w.name}\` resumes it)` : ''}`,
    `versions: ${versions.join(' · ')}${w.versions.length > 10 ? ' · …' : ''}`,
    w.previousVersions.length > 0 ? `\`/hub workflow rollback ${w.name}\` returns to v${w.previousVersions.at(-1)}` : 'no earlier version to roll back to',
    ...(running ? ['', `*v${running.version}*${running.version === w.activeVersion ? ' (active)' : ' (latest, not active)'}:`, ...definitionLines(running.definition)] : []),
  ].join('\n');
}
