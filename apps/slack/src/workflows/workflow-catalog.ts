import { z } from 'zod';
import type { Connector } from '@hub/connector-sdk';

/** The value of the "Forward to a URL" choice in the action menu. */
export const FORWARD_CHOICE = 'forward';

export interface ActionInputField {
  name: string;
  required: boolean;
  description?: string;
}

/** `connector|event` and `connector|action`: what the modal's menus carry (Slack limits a value to 150 characters). */
export const choiceValue = (connector: string, name: string) => `${connector}|${name}`;

export function parseChoice(value: string | undefined): { connector: string; name: string } | undefined {
  const [connector, name, ...rest] = (value ?? '').split('|');
  return connector && name && rest.length === 0 ? { connector, name } : undefined;
}

/** Connectors that declare events, and their event types, as the modal offers them. */
export function triggerChoices(catalog: Readonly<Record<string, Connector>>): { connector: string; events: string[] }[] {
  return Object.values(catalog)
    .map((c) => ({ connector: c.id, events: Object.keys(c.events ?? {}).sort() }))
    .filter((c) => c.events.length > 0)
    .sort((a, b) => a.connector.localeCompare(b.connector));
}

/** Connectors that declare actions (the generic `http` one is offered as "Forward to a URL" instead). */
export function actionChoices(catalog: Readonly<Record<string, Connector>>): { connector: string; actions: string[] }[] {
  return Object.values(catalog)
    .filter((c) => c.id !== 'http')
    .map((c) => ({ connector: c.id, actions: Object.keys(c.actions ?? {}).sort() }))
    .filter((c) => c.actions.length > 0)
    .sort((a, b) => a.connector.localeCompare(b.connector));
}

/** The top-level fields of an action's input, read from its schema as JSON Schema (input side). */
export function actionInputFields(connector: Connector, action: string): ActionInputField[] {
  const declared = Object.hasOwn(connector.actions, action) ? connector.actions[action] : undefined;
  if (!declared) return [];
  const schema = z.toJSONSchema(declared.input, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    required: required.has(name),
    ...(property.description ? { description: property.description } : {}),
  }));
}
