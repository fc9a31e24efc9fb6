import { useEffect, useState } from 'react';
import type { WorkflowCatalog } from '@hub/console';
import type { WorkflowNode } from '@hub/core/workflows';
import type { WorkflowFlowNode } from '../graph/graph-types';
import { ActionForm } from './action-form';
import { ConditionFields } from './condition-fields';
import { JsonataField } from './jsonata-field';
import { catalogAction } from './palette-item';
import { SwitchForm } from './switch-form';
import { TriggerForm } from './trigger-form';
import type { Builder } from './use-builder';

interface Props {
  node: WorkflowFlowNode;
  catalog: WorkflowCatalog;
  builder: Builder;
  problems: string[];
}

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** The form of the selected node: its id, its problems, and the fields of its kind. */
export function NodePanel({ node, catalog, builder, problems }: Props) {
  const { item } = node.data;
  return (
    <section className="wf-node-panel" aria-label={`Settings of ${node.id}`} data-testid="node-panel" data-node={node.id}>
      <h2>
        {item.kind === 'trigger' ? 'Trigger' : `${item.node.type[0]?.toUpperCase()}${item.node.type.slice(1)}`} <code>{node.id}</code>
      </h2>
      {problems.length > 0 ? (
        <ul className="wf-node-problems" data-testid="node-problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {item.kind === 'trigger' ? (
        <TriggerForm catalog={catalog} trigger={item.trigger} onChange={(trigger, field) => builder.updateItem(node.id, { kind: 'trigger', trigger }, field)} />
      ) : (
        <>
          <IdField id={node.id} onRename={builder.renameNode} />
          <NodeFields node={item.node} catalog={catalog} onChange={(next, field) => builder.updateItem(node.id, { kind: 'node', node: next }, field)} />
        </>
      )}
      <p className="wf-help">Delete or Backspace removes the selected node or edge{item.kind === 'trigger' ? ' (not the trigger: drop another trigger on the canvas to change it)' : ''}.</p>
    </section>
  );
}

function IdField({ id, onRename }: { id: string; onRename: (from: string, to: string) => boolean }) {
  const [draft, setDraft] = useState(id);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => setDraft(id), [id]);
  const commit = () => {
    if (draft === id) return setRefused(null);
    if (!ID_PATTERN.test(draft)) return setRefused('A letter, then letters, digits, _ or - (at most 40).');
    setRefused(onRename(id, draft) ? null : `Another node is already called “${draft}”.`);
  };
  return (
    <label className="wf-field">
      <span>Node id</span>
      <input type="text" data-testid="node-id" value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      <small className={refused ? 'error' : 'wf-help'}>{refused ?? `Later steps read this node's result as $steps.${id}.`}</small>
    </label>
  );
}

function NodeFields({ node, catalog, onChange }: { node: WorkflowNode; catalog: WorkflowCatalog; onChange: (node: WorkflowNode, field: string) => void }) {
  switch (node.type) {
    case 'transform':
      return <JsonataField id="transform-expression" label="Expression" value={node.expression} required multiline onChange={(expression) => onChange({ ...node, expression }, 'expression')} help="Its value is $steps.<id> for the steps after this one; the webhook ($) stays as it came." />;
    case 'condition':
      return (
        <>
          <ConditionFields id="condition" when={node.when} onChange={(when, field) => onChange({ ...node, when }, field)} />
          <p className="wf-help">Connect the node's “true” handle to what runs when the condition holds, “false” to what runs otherwise.</p>
        </>
      );
    case 'switch':
      return <SwitchForm value={node.value ?? ''} cases={node.cases} onChange={({ value, cases }, field) => onChange({ ...withoutValue(node), ...(value ? { value } : {}), cases }, field)} />;
    case 'action':
      return (
        <>
          <p>
            Calls <strong>{node.connector}</strong> <code>{node.action}</code>.
          </p>
          <ActionForm action={catalogAction(catalog.connectors, node.connector, node.action)} input={node.input} onChange={(input, field) => onChange({ ...node, input }, `input:${field}`)} />
          <CallOptions node={node} onChange={onChange} />
        </>
      );
    case 'forward':
      return (
        <>
          <label className="wf-field">
            <span>
              URL<abbr title="required" className="wf-required"> *</abbr>
            </span>
            <input type="url" data-testid="forward-url" value={node.url} placeholder="https://…" onChange={(e) => onChange({ ...node, url: e.target.value }, 'url')} />
            <small className="wf-help">The webhook's payload is POSTed there as it came.</small>
          </label>
          <CallOptions node={node} onChange={onChange} />
        </>
      );
    case 'notify':
      return (
        <>
          <label className="wf-field">
            <span>
              Slack channel<abbr title="required" className="wf-required"> *</abbr>
            </span>
            <input type="text" data-testid="notify-channel" value={node.channel} placeholder="sales" onChange={(e) => onChange({ ...node, channel: e.target.value }, 'channel')} />
            <small className="wf-help">A channel name or id (C…); the hub's Slack bot must be in it.</small>
          </label>
          <label className="wf-field">
            <span>
              Message<abbr title="required" className="wf-required"> *</abbr>
            </span>
            <textarea rows={3} data-testid="notify-text" value={node.text} onChange={(e) => onChange({ ...node, text: e.target.value }, 'text')} />
            <small className="wf-help">Text with {'{{ expression }}'} placeholders, e.g. New order {'{{ name }}'}: {'{{ total_price }}'}.</small>
          </label>
          <CallOptions node={node} onChange={onChange} />
        </>
      );
  }
}

function withoutValue<T extends { value?: string }>(node: T): Omit<T, 'value'> {
  const { value: _v, ...rest } = node;
  return rest;
}

type CallNode = Extract<WorkflowNode, { type: 'action' | 'forward' | 'notify' }>;

function CallOptions({ node, onChange }: { node: CallNode; onChange: (node: WorkflowNode, field: string) => void }) {
  return (
    <>
      <AttemptsField node={node} onChange={onChange} />
      <label className="wf-check">
        <input
          type="checkbox"
          data-testid="continue-on-failure"
          checked={node.continueOnFailure === true}
          onChange={(e) => {
            const { continueOnFailure: _c, ...rest } = node;
            onChange(e.target.checked ? { ...rest, continueOnFailure: true } : rest, 'continueOnFailure');
          }}
        />{' '}
        Continue when this call fails for good (the steps after it still run). For a message on failure, connect the “failure” handle instead.
      </label>
    </>
  );
}

/** `retry: { retries }` shown as attempts (retries + 1), which is how an operator counts them; empty: the connector's policy. */
function AttemptsField({ node, onChange }: { node: CallNode; onChange: (node: WorkflowNode, field: string) => void }) {
  const saved = node.retry === undefined ? '' : String(node.retry.retries + 1);
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);
  const attempts = Number(draft);
  const valid = draft === '' || (Number.isInteger(attempts) && attempts >= 1 && attempts <= 10);
  const change = (value: string) => {
    setDraft(value);
    const n = Number(value);
    if (value !== '' && !(Number.isInteger(n) && n >= 1 && n <= 10)) return;
    const { retry: _r, ...rest } = node;
    onChange(value === '' ? rest : { ...rest, retry: { retries: n - 1 } }, 'retry');
  };
  return (
    <label className="wf-field">
      <span>Attempts for this node</span>
      <input type="number" min={1} max={10} step={1} data-testid="node-attempts" value={draft} placeholder="connector's policy" onChange={(e) => change(e.target.value)} />
      <small className={valid ? 'wf-help' : 'error'}>
        {valid ? 'Empty: as many as the connector’s retry policy gives the event. 1: never retried (a Slack message that must not repeat). Never more than the policy gives.' : 'A whole number from 1 to 10, or empty.'}
      </small>
    </label>
  );
}
