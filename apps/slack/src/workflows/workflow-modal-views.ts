import type { types } from '@slack/bolt';
import type { Connector } from '@hub/connector-sdk';
import { actionChoices, actionInputFields, choiceValue, FORWARD_CHOICE, triggerChoices } from './workflow-catalog.js';

type View = types.ModalView;
type KnownBlock = types.KnownBlock;

export const WORKFLOW_STEP1_CALLBACK = 'hub_workflow_new_trigger';
export const WORKFLOW_STEP2_CALLBACK = 'hub_workflow_new_details';

/** What the first view chose, carried to the second in private_metadata. */
export interface WorkflowDraft {
  name: string;
  trigger: { connector: string; event: string };
  /** A connector action, or undefined for "forward to a URL". */
  action?: { connector: string; action: string };
  /** The Slack channel to notify, if any. */
  notifyChannel?: string;
  /** Where the command was typed: the confirmation goes there. */
  channelId: string;
}

export const CONDITION_OPERATORS = ['equals', 'not_equals', 'contains', 'greater_than', 'less_than', 'exists', 'not_exists'] as const;

const plain = (text: string) => ({ type: 'plain_text' as const, text: text.slice(0, 75), emoji: true });
const option = (text: string, value: string) => ({ text: plain(text), value });
// Slack: at most 100 options per group and 100 groups per menu.
const groups = <T>(items: T[]) => items.slice(0, 100);

/** First view: name, trigger (connector + event type), action (or forward), channel to notify. */
export function triggerView(catalog: Readonly<Record<string, Connector>>, channelId: string): View {
  const triggers = triggerChoices(catalog);
  const actions = actionChoices(catalog);
  return {
    type: 'modal',
    callback_id: WORKFLOW_STEP1_CALLBACK,
    private_metadata: JSON.stringify({ channelId }),
    title: plain('New workflow'),
    submit: plain('Next'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: 'name',
        label: plain('Name'),
        hint: plain('Lower-case letters, digits and dashes. An existing name gets a new version.'),
        element: { type: 'plain_text_input', action_id: 'value', placeholder: plain('e.g. large-payments-to-ledger'), max_length: 63 },
      },
      {
        type: 'input',
        block_id: 'trigger',
        label: plain('When this event arrives'),
        element: {
          type: 'static_select',
          action_id: 'value',
          placeholder: plain('connector and event type'),
          option_groups: groups(triggers).map((t) => ({ label: plain(t.connector), options: groups(t.events).map((e) => option(e, choiceValue(t.connector, e))) })),
        },
      },
      {
        type: 'input',
        block_id: 'target',
        label: plain('Do this'),
        element: {
          type: 'static_select',
          action_id: 'value',
          placeholder: plain('a connector action, or forward the event'),
          option_groups: [
            ...groups(actions).map((a) => ({ label: plain(a.connector), options: groups(a.actions).map((name) => option(`${a.connector}: ${name}`, choiceValue(a.connector, name))) })),
            { label: plain('Other'), options: [option('Forward the event to a URL', FORWARD_CHOICE)] },
          ].slice(0, 100),
        },
      },
      {
        type: 'input',
        block_id: 'notify',
        optional: true,
        label: plain('Then tell this channel'),
        hint: plain('Leave empty for no notification. The app must be in the channel.'),
        element: { type: 'conversations_select', action_id: 'value', filter: { include: ['public', 'private'], exclude_bot_users: true } },
      },
    ],
  };
}

/** Second view: the optional condition, the action's input mapping (or the URL), the notification text. */
export function detailsView(catalog: Readonly<Record<string, Connector>>, draft: WorkflowDraft): View {
  const target = draft.action ? `${draft.action.connector}: ${draft.action.action}` : 'forward to a URL';
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `*${draft.name}*: when \`${draft.trigger.connector} ${draft.trigger.event}\` → ${target}${draft.notifyChannel ? ` → notify <#${draft.notifyChannel}>` : ''}` }],
    },
    { type: 'section', text: { type: 'mrkdwn', text: '*Only when* (optional) — a field of the event payload, e.g. `data.object.amount`' } },
    { type: 'input', block_id: 'cond_field', optional: true, label: plain('Field'), element: { type: 'plain_text_input', action_id: 'value', placeholder: plain('data.object.amount') } },
    {
      type: 'input',
      block_id: 'cond_operator',
      optional: true,
      label: plain('Operator'),
      element: { type: 'static_select', action_id: 'value', options: CONDITION_OPERATORS.map((o) => option(o.replace('_', ' '), o)) },
    },
    { type: 'input', block_id: 'cond_value', optional: true, label: plain('Value'), element: { type: 'plain_text_input', action_id: 'value', placeholder: plain('1000') } },
  ];
  if (draft.action) {
    const connector = catalog[draft.action.connector];
    const fields = connector ? actionInputFields(connector, draft.action.action) : [];
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Input of ${target}* — each field is a JSONata expression over the event payload (\`data.object.id\`, \`"a literal"\`, \`$eventId\`)` },
    });
    for (const field of fields.slice(0, 40)) {
      blocks.push({
        type: 'input',
        block_id: `in_${field.name}`,
        optional: !field.required,
        label: plain(field.name),
        ...(field.description ? { hint: plain(field.description) } : {}),
        element: { type: 'plain_text_input', action_id: 'value' },
      });
    }
  } else {
    blocks.push({
      type: 'input',
      block_id: 'forward_url',
      label: plain('URL'),
      hint: plain('The event payload is POSTed here as JSON. Internal addresses are refused.'),
      element: { type: 'url_text_input', action_id: 'value' },
    });
  }
  if (draft.notifyChannel) {
    blocks.push({
      type: 'input',
      block_id: 'notify_text',
      label: plain('Notification'),
      hint: plain('{{ expression }} is replaced by its value, e.g. {{ data.object.id }}'),
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, initial_value: `${draft.name}: {{ $eventType }} {{ $eventId }}` },
    });
  }
  return {
    type: 'modal',
    callback_id: WORKFLOW_STEP2_CALLBACK,
    private_metadata: JSON.stringify(draft),
    title: plain('New workflow'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks,
  };
}
