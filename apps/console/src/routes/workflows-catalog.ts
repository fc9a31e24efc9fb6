import { z } from 'zod';
import type { Connector } from '@hub/connector-sdk';
import { FORWARD_ACTION, NOTIFY_ACTION } from '@hub/core/workflows';

export interface CatalogAction {
  name: string;
  description: string;
  /** The action's input as JSON Schema (what a step's `input` maps, one JSONata expression per field). */
  input: unknown;
}

export interface CatalogConnector {
  id: string;
  name: string;
  /** Only a connector that receives webhooks can trigger a workflow. */
  receivesWebhooks: boolean;
  events: string[];
  actions: CatalogAction[];
}

/** What the workflow builder offers: the installed connectors, and which built-in step types can run here. */
export interface WorkflowCatalog {
  connectors: CatalogConnector[];
  steps: { forward: boolean; notify: boolean };
}

/**
 * The JSON Schema of what the action accepts; a part JSON Schema cannot express (a transform, a
 * custom check) becomes `{}`. `required` lists what validateWorkflow requires a step to map: zod
 * lists a `z.unknown()` field too, although it accepts a missing value.
 */
function inputSchema(schema: z.ZodType): unknown {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  const shape = (schema._zod.def as { shape?: Record<string, z.ZodType> }).shape;
  if (!shape || !Array.isArray(json.required)) return json;
  const required = json.required.filter((field) => !shape[field]?.safeParse(undefined).success);
  const { required: _listed, ...rest } = json;
  return required.length > 0 ? { ...rest, required } : rest;
}

const hasAction = (connectors: Readonly<Record<string, Connector>>, ref: { connector: string; action: string }) =>
  Object.hasOwn(connectors, ref.connector) && Object.hasOwn((connectors[ref.connector] as Connector).actions, ref.action);

export function workflowCatalog(connectors: Readonly<Record<string, Connector>>): WorkflowCatalog {
  return {
    connectors: Object.values(connectors).map((c) => ({
      id: c.id,
      name: c.name,
      receivesWebhooks: Boolean(c.webhook),
      events: Object.keys(c.events),
      actions: Object.entries(c.actions).map(([name, action]) => ({ name, description: action.description, input: inputSchema(action.input) })),
    })),
    steps: { forward: hasAction(connectors, FORWARD_ACTION), notify: hasAction(connectors, NOTIFY_ACTION) },
  };
}
