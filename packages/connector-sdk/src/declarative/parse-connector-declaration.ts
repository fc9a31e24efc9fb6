import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { z } from 'zod';
import { defineConnector, type ActionDefinition, type Connector, type EventAdapter, type ValueSource } from '../define-connector.js';
import { ConnectorDeclarationError, ConnectorDefinitionError, type DeclarationIssue } from '../errors.js';
import { isHubError } from '../hub-error.js';
import { compileJsonata, type JsonataExpression } from '../jsonata/index.js';
import type { WebhookScheme } from '../verify/types.js';
import { buildAction } from './build-action.js';
import { buildScheme } from './build-scheme.js';
import { ConnectorDeclaration } from './connector-declaration.js';
import { declarationIssues, summariseIssues } from './declaration-issues.js';
import { DeclarationSource } from './declaration-source.js';
import type { FieldPath } from './field-path.js';
import { pathPlaceholders } from './fill-path.js';
import { jsonSchemaToZod } from './json-schema-to-zod.js';
import { readReferencedJson } from './read-referenced-json.js';
import { searchableValues } from '../searchable-values.js';
import type { ValueSourceDeclaration } from './webhook-declaration.js';

export interface ParseDeclarationOptions {
  /** Name the problems are reported under, e.g. `connectors/acme/connector.yaml`. */
  file: string;
  /** Folder that referenced paths (schemas, fixtures, hooks) are relative to. */
  dir: string;
}

/** JSONata throws plain objects `{ message, position }`, zod and node throw Errors. */
function messageOf(err: unknown): string {
  if (typeof err !== 'object' || err === null || typeof (err as { message?: unknown }).message !== 'string') return String(err);
  const { message, position } = err as { message: string; position?: unknown };
  return typeof position === 'number' ? `${message} (at character ${position})` : message;
}
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function valueSource(source: ValueSourceDeclaration): ValueSource {
  return source.from === 'header' ? { from: 'header', name: source.name.toLowerCase() } : source;
}

/**
 * Validates a connector.yaml's text and turns it into the Connector `defineConnector` returns.
 * Every problem found (all of them, not only the first) is reported as `file:line:col field: message`
 * in one ConnectorDeclarationError (HUB_CONNECTOR_DECLARATION_INVALID).
 */
export async function parseConnectorDeclaration(text: string, { file, dir }: ParseDeclarationOptions): Promise<Connector> {
  const source = DeclarationSource.parse(text, file);
  const value = source.value();
  const parsed = ConnectorDeclaration.safeParse(value);
  if (!parsed.success) throw new ConnectorDeclarationError(declarationIssues(source, parsed.error, value));
  const declaration = parsed.data;

  const issues: DeclarationIssue[] = [];
  const report = (path: FieldPath, message: string) => void issues.push(source.issue(path, message));

  async function loadJson(ref: string | Record<string, unknown>, path: FieldPath): Promise<unknown> {
    const read = await readReferencedJson(ref, dir);
    if (read.ok) return read.value;
    report(path, read.message);
    return undefined;
  }
  async function loadSchema(ref: string | Record<string, unknown>, path: FieldPath): Promise<z.ZodType | undefined> {
    const json = await loadJson(ref, path);
    if (json === undefined) return undefined;
    try {
      return jsonSchemaToZod(json);
    } catch (err) {
      report(path, `not a usable JSON Schema: ${messageOf(err)}`);
      return undefined;
    }
  }
  function compile(expression: string | undefined, path: FieldPath): JsonataExpression | undefined {
    if (expression === undefined) return undefined;
    const compiled = compileJsonata(expression);
    if (compiled.ok) return compiled.expression;
    report(path, `invalid JSONata: ${messageOf(compiled)}`);
    return undefined;
  }

  const events: Record<string, z.ZodType> = {};
  const fixtures: Record<string, unknown> = {};
  const adapters: Record<string, EventAdapter> = {};
  for (const [type, event] of Object.entries(declaration.events)) {
    const at = ['events', type];
    const schema = await loadSchema(event.schema, [...at, 'schema']);
    const fixture = await loadJson(event.fixture, [...at, 'fixture']);
    if (schema !== undefined && fixture !== undefined) {
      const check = schema.safeParse(fixture);
      if (!check.success) report([...at, 'fixture'], `fixture does not match the event schema: ${summariseIssues(check.error)}`);
      events[type] = schema;
      fixtures[type] = fixture;
    }
    if (event.canonical === undefined) continue;
    const versions: EventAdapter['versions'] = {};
    for (const [version, mapping] of Object.entries(event.canonical.versions)) {
      const where = [...at, 'canonical', 'versions', version];
      const versionSchema = mapping.schema === undefined ? schema : await loadSchema(mapping.schema, [...where, 'schema']);
      const map = compile(mapping.map, [...where, 'map']);
      if (versionSchema !== undefined && map !== undefined) {
        versions[version] = { schema: versionSchema, toCanonical: (payload: unknown) => map.evaluate(payload) as Promise<unknown> };
      }
    }
    adapters[type] = { model: event.canonical.model, versions };
  }

  const actions: Record<string, ActionDefinition> = {};
  for (const [name, action] of Object.entries(declaration.actions)) {
    const at = ['actions', name];
    const input = await loadSchema(action.input, [...at, 'input']);
    const output = action.output === undefined ? undefined : await loadSchema(action.output, [...at, 'output']);
    const query = compile(action.query, [...at, 'query']);
    const body = compile(action.body, [...at, 'body']);
    const failWhenExpression = compile(action.failWhen?.expression, [...at, 'failWhen', 'expression']);
    const failWhen = action.failWhen !== undefined && failWhenExpression !== undefined ? { rule: action.failWhen, expression: failWhenExpression } : undefined;
    if (input instanceof z.ZodObject) {
      for (const placeholder of pathPlaceholders(action.path)) {
        const root = placeholder.split('.')[0]!;
        if (!(root in input.shape)) report([...at, 'path'], `placeholder {${placeholder}} is not a property of the input schema`);
      }
    }
    if (input !== undefined) actions[name] = buildAction({ connectorId: declaration.id, name, declaration: action, input, output, query, body, failWhen });
  }

  let scheme: WebhookScheme | undefined;
  if (declaration.webhook !== undefined) {
    try {
      scheme = buildScheme(declaration.webhook.scheme);
    } catch (err) {
      if (!isHubError(err)) throw err;
      report(['webhook', 'scheme'], err.message);
    }
  }

  if (declaration.hooks !== undefined) {
    const hookActions = await importHookActions(declaration.hooks, dir, report);
    for (const [name, action] of Object.entries(hookActions)) {
      if (name in declaration.actions) report(['hooks'], `hook action "${name}" is also declared under actions`);
      else actions[name] = action;
    }
  }

  for (const [i, path] of (declaration.webhook?.searchable ?? []).entries()) {
    if (!Object.values(fixtures).some((fixture) => searchableValues([path], fixture).length > 0)) report(['webhook', 'searchable', i], `"${path}" gives no value in any fixture`);
  }

  if (issues.length > 0) throw new ConnectorDeclarationError(issues);
  try {
    return defineConnector({
      id: declaration.id,
      version: declaration.version,
      name: declaration.name,
      ...(declaration.webhook !== undefined && scheme !== undefined
        ? {
            webhook: {
              scheme,
              eventId: valueSource(declaration.webhook.eventId),
              eventType: valueSource(declaration.webhook.eventType),
              multiAccount: declaration.webhook.multiAccount,
              ...(declaration.webhook.searchable === undefined ? {} : { searchable: declaration.webhook.searchable }),
            },
          }
        : {}),
      events,
      fixtures,
      actions,
      ...(declaration.rateLimit === undefined ? {} : { rateLimit: declaration.rateLimit }),
      ...(declaration.breaker === undefined ? {} : { breaker: declaration.breaker }),
      ...(declaration.retry === undefined ? {} : { retry: declaration.retry }),
      ...(declaration.concurrency === undefined ? {} : { concurrency: declaration.concurrency }),
      ...(declaration.auth === undefined ? {} : { auth: declaration.auth }),
      ...(declaration.baseUrls === undefined ? {} : { baseUrls: declaration.baseUrls }),
      ...(declaration.apiVersion === undefined ? {} : { apiVersion: valueSource(declaration.apiVersion) }),
      ...(Object.keys(adapters).length === 0 ? {} : { adapters }),
    });
  } catch (err) {
    // What YAML validation cannot catch comes from hook actions (e.g. one without a description).
    if (err instanceof ConnectorDefinitionError) throw new ConnectorDeclarationError([source.issue(declaration.hooks === undefined ? [] : ['hooks'], err.message)]);
    throw err;
  }
}

async function importHookActions(hooks: string, dir: string, report: (path: FieldPath, message: string) => void): Promise<Record<string, ActionDefinition>> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(dir, hooks)).href)) as Record<string, unknown>;
  } catch (err) {
    report(['hooks'], `cannot import ${hooks}: ${messageOf(err)}`);
    return {};
  }
  if (module.actions === undefined) return {};
  if (!isRecord(module.actions)) {
    report(['hooks'], `the "actions" export of ${hooks} must be an object of actions`);
    return {};
  }
  return module.actions as Record<string, ActionDefinition>;
}
