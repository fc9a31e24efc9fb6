import type { Connector } from '@hub/connector-sdk';
import type { WorkflowDefinition } from '@hub/core/workflows';
import { actionInputFields, FORWARD_CHOICE, parseChoice } from './workflow-catalog.js';
import { CONDITION_OPERATORS, type WorkflowDraft } from './workflow-modal-views.js';

/** `view.state.values` as Slack sends it: block id -> action id -> the element's state. */
export type ViewValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_conversation?: string | null }>>;

/** A submission's answer: what it built, or the errors to show next to the blocks (response_action: errors). */
export type Read<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const text = (values: ViewValues, block: string): string | undefined => {
  const state = values[block]?.value;
  const raw = state?.value ?? state?.selected_option?.value ?? state?.selected_conversation ?? undefined;
  const trimmed = raw?.trim();
  return trimmed ? trimmed : undefined;
};

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The first view: name, trigger, action, channel. */
export function readTriggerView(values: ViewValues, catalog: Readonly<Record<string, Connector>>, channelId: string): Read<WorkflowDraft> {
  const errors: Record<string, string> = {};
  const name = text(values, 'name') ?? '';
  if (!NAME.test(name)) errors.name = 'Use lower-case letters, digits and dashes, starting with a letter or digit (at most 63).';
  const trigger = parseChoice(text(values, 'trigger'));
  if (!trigger || !catalog[trigger.connector]?.events?.[trigger.name]) errors.trigger = 'Choose an event from the list.';
  const targetValue = text(values, 'target');
  const action = targetValue === FORWARD_CHOICE ? undefined : parseChoice(targetValue);
  if (targetValue !== FORWARD_CHOICE && (!action || !catalog[action.connector]?.actions?.[action.name])) errors.target = 'Choose an action from the list.';
  const notifyChannel = text(values, 'notify');
  if (notifyChannel && !catalog.slack) errors.notify = 'Notifications go through the slack connector, which is not installed in this hub.';
  if (Object.keys(errors).length > 0 || !trigger) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      trigger: { connector: trigger.connector, event: trigger.name },
      ...(action ? { action: { connector: action.connector, action: action.name } } : {}),
      ...(notifyChannel ? { notifyChannel } : {}),
      channelId,
    },
  };
}

/** "1000" is a number, "true"/"false" booleans, anything else the text typed. */
function conditionValue(raw: string): string | number | boolean {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
}

/** The second view: condition, input mapping or URL, notification text -> a workflow definition to validate. */
export function readDetailsView(values: ViewValues, catalog: Readonly<Record<string, Connector>>, draft: WorkflowDraft): Read<WorkflowDefinition> {
  const errors: Record<string, string> = {};
  const steps: WorkflowDefinition['steps'] = [];

  const field = text(values, 'cond_field');
  const operator = text(values, 'cond_operator') as (typeof CONDITION_OPERATORS)[number] | undefined;
  const value = text(values, 'cond_value');
  const needsValue = operator !== 'exists' && operator !== 'not_exists';
  if (field && !operator) errors.cond_operator = 'Choose how the field is compared.';
  else if (!field && (operator || value)) errors.cond_field = 'Name the field the condition looks at, or clear the operator and value.';
  else if (field && operator && needsValue && value === undefined) errors.cond_value = `"${operator.replace('_', ' ')}" compares with a value: type one.`;
  else if (field && operator) steps.push({ id: 'condition', type: 'condition', when: { field, operator, ...(needsValue && value !== undefined ? { value: conditionValue(value) } : {}) } });

  if (draft.action) {
    const connector = catalog[draft.action.connector];
    const input: Record<string, string> = {};
    for (const f of connector ? actionInputFields(connector, draft.action.action) : []) {
      const expression = text(values, `in_${f.name}`);
      if (expression !== undefined) input[f.name] = expression;
      else if (f.required) errors[`in_${f.name}`] = `${f.name} is required by ${draft.action.connector} ${draft.action.action}.`;
    }
    steps.push({ id: 'action', type: 'action', connector: draft.action.connector, action: draft.action.action, input });
  } else {
    const url = text(values, 'forward_url');
    if (!url || !/^https?:\/\//.test(url)) errors.forward_url = 'Give an http(s) URL.';
    else steps.push({ id: 'forward', type: 'forward', url });
  }

  if (draft.notifyChannel) {
    const message = text(values, 'notify_text');
    if (!message) errors.notify_text = 'Write the notification, or go back and clear the channel.';
    else steps.push({ id: 'notify', type: 'notify', channel: draft.notifyChannel, text: message });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { name: draft.name, description: 'created from Slack (/hub workflow new)', trigger: draft.trigger, steps } };
}
