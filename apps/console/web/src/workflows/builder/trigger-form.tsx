import type { WorkflowCatalog } from '@hub/console';
import type { WorkflowTrigger } from '@hub/core/workflows';
import { ConditionFields } from './condition-fields';

interface Props {
  catalog: WorkflowCatalog;
  trigger: WorkflowTrigger;
  onChange: (trigger: WorkflowTrigger, field: string) => void;
}

/** When the workflow runs: a connector's webhook event, and optionally only when a filter holds. */
export function TriggerForm({ catalog, trigger, onChange }: Props) {
  const sources = catalog.connectors.filter((c) => c.receivesWebhooks);
  const events = sources.find((c) => c.id === trigger.connector)?.events ?? [];
  return (
    <>
      <label className="wf-field">
        <span>Connector</span>
        <select data-testid="trigger-connector" value={trigger.connector} onChange={(e) => onChange({ connector: e.target.value, event: '' }, 'connector')}>
          <option value="">(choose)</option>
          {sources.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="wf-field">
        <span>Event</span>
        <select data-testid="trigger-event" value={trigger.event} onChange={(e) => onChange({ ...trigger, event: e.target.value }, 'event')}>
          <option value="">(choose)</option>
          {events.map((event) => (
            <option key={event}>{event}</option>
          ))}
        </select>
      </label>
      <label className="wf-check">
        <input
          type="checkbox"
          checked={trigger.filter !== undefined}
          onChange={(e) => {
            const { filter: _f, ...rest } = trigger;
            onChange(e.target.checked ? { ...rest, filter: { field: '', operator: 'equals', value: '' } } : rest, 'filter');
          }}
        />{' '}
        Only when a condition holds (filter)
      </label>
      {trigger.filter ? <ConditionFields id="filter" when={trigger.filter} onChange={(filter, field) => onChange({ ...trigger, filter }, `filter:${field}`)} /> : null}
    </>
  );
}
