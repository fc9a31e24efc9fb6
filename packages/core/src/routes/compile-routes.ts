import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BreakerPolicy, compileJsonata, concurrencyWithoutWebhook, RateLimitPolicy, RetryPolicyDeclaration, type Connector } from '@hub/connector-sdk';
import { hubError } from '../errors/index.js';
import { ConnectorOverrides, RouteConfig } from './route-config.js';

export interface RouteBindings {
  eventId: string;
  account: string | null;
  eventType: string;
  /** The canonical model value (`$canonical`), when the event's connector has an adapter; else undefined. */
  canonical?: unknown;
}

export interface CompiledRoute {
  config: RouteConfig;
  /** Builds the action input from the provider payload. */
  buildInput(payload: unknown, bindings: RouteBindings): Promise<unknown>;
}

/** Validates routes against the installed connectors and compiles their JSONata once. */
export function compileRoutes(file: unknown, connectors: Readonly<Record<string, Connector>>): CompiledRoute[] {
  const shape = z.object({ routes: z.array(z.unknown()).default([]) }).safeParse(file ?? {});
  if (!shape.success) {
    throw hubError('HUB_ROUTES_INVALID', `routes are invalid:\n${z.prettifyError(shape.error)}`, { details: { problems: [z.prettifyError(shape.error)] } });
  }
  const problems: string[] = [];
  // Each route is checked on its own so that every problem of the file is reported at once.
  const routes: RouteConfig[] = [];
  shape.data.routes.forEach((raw, index) => {
    const parsed = RouteConfig.safeParse(raw);
    if (parsed.success) routes.push(parsed.data);
    else problems.push(...parsed.error.issues.map((i) => `routes[${index}].${i.path.join('.')}: ${i.message}`));
  });
  const names = new Set<string>();
  const compiled: CompiledRoute[] = [];
  for (const route of routes) {
    if (names.has(route.name)) problems.push(`route "${route.name}": the name is used twice`);
    names.add(route.name);
    // Object.hasOwn: `toString` or `constructor` must not pass for a connector, event or action.
    const source = Object.hasOwn(connectors, route.on.connector) ? connectors[route.on.connector] : undefined;
    if (!source) problems.push(`route "${route.name}": no connector "${route.on.connector}"`);
    else if (!Object.hasOwn(source.events, route.on.event)) {
      problems.push(`route "${route.name}": ${route.on.connector} declares no event "${route.on.event}" (known: ${Object.keys(source.events).join(', ')})`);
    }
    const target = Object.hasOwn(connectors, route.action.connector) ? connectors[route.action.connector] : undefined;
    if (!target) problems.push(`route "${route.name}": no connector "${route.action.connector}"`);
    else if (!Object.hasOwn(target.actions, route.action.name)) {
      problems.push(`route "${route.name}": ${route.action.connector} has no action "${route.action.name}" (known: ${Object.keys(target.actions).join(', ')})`);
    }
    const input = compileJsonata(route.input);
    if (input.ok) compiled.push({ config: route, buildInput: (payload, bindings) => input.expression.evaluate(payload, { ...bindings }) });
    else problems.push(`route "${route.name}": input is not valid JSONata: ${input.message}`);
  }
  if (problems.length > 0) throw hubError('HUB_ROUTES_INVALID', `routes are invalid:\n  ${problems.join('\n  ')}`, { details: { problems } });
  return compiled;
}

export interface HubConfig {
  routes: CompiledRoute[];
  /** The rate limit in force per connector: hub.config.yaml's override, else the declared one. */
  rateLimitFor(connector: string): RateLimitPolicy | undefined;
  /** The breaker policy in force per connector: override, else declared, else the defaults. */
  breakerFor(connector: string): BreakerPolicy;
  /** The retry policy declared for a connector (override, else declared), or undefined: the worker's defaults apply. */
  retryFor(connector: string): RetryPolicyDeclaration | undefined;
  /** A connector's webhook handlers at once per process, and where that is set; undefined: the worker's default applies. */
  concurrencyFor(connector: string): { limit: number; from: 'hub.config.yaml' | 'declared' } | undefined;
}

/** Routes plus the per-connector policy overrides of hub.config.yaml. */
export function compileHubConfig(file: unknown, connectors: Readonly<Record<string, Connector>>): HubConfig {
  const routes = compileRoutes(file, connectors);
  const raw = (file ?? {}) as { connectors?: unknown };
  const overrides = ConnectorOverrides.safeParse(raw.connectors ?? {});
  const problems = overrides.success ? [] : overrides.error.issues.map((i) => `connectors.${i.path.join('.')}: ${i.message}`);
  // Checked on what was written, so that a wrong value and a misplaced one are reported together.
  for (const [id, policy] of Object.entries(isRecord(raw.connectors) ? raw.connectors : {})) {
    if (isRecord(policy) && 'concurrency' in policy && Object.hasOwn(connectors, id) && connectors[id]?.webhook === undefined) {
      problems.push(`connectors.${id}.concurrency: ${concurrencyWithoutWebhook(id)}`);
    }
  }
  if (!overrides.success || problems.length > 0) throw hubError('HUB_ROUTES_INVALID', `connectors overrides are invalid:\n  ${problems.join('\n  ')}`, { details: { problems } });
  const unknown = Object.keys(overrides.data).filter((id) => !Object.hasOwn(connectors, id));
  if (unknown.length > 0) throw hubError('HUB_ROUTES_INVALID', `connectors overrides name unknown connectors: ${unknown.join(', ')}`);
  return {
    routes,
    retryFor: (id) => {
      const declared = (Object.hasOwn(overrides.data, id) ? overrides.data[id]?.retry : undefined) ?? (Object.hasOwn(connectors, id) ? connectors[id]?.retry : undefined);
      return declared ? RetryPolicyDeclaration.parse(declared) : undefined;
    },
    breakerFor: (id) =>
      (Object.hasOwn(overrides.data, id) ? overrides.data[id]?.breaker : undefined) ?? BreakerPolicy.parse((Object.hasOwn(connectors, id) ? connectors[id]?.breaker : undefined) ?? {}),
    concurrencyFor: (id) => {
      const configured = Object.hasOwn(overrides.data, id) ? overrides.data[id]?.concurrency : undefined;
      if (configured !== undefined) return { limit: configured, from: 'hub.config.yaml' };
      const declared = Object.hasOwn(connectors, id) ? connectors[id]?.concurrency : undefined;
      return declared === undefined ? undefined : { limit: declared, from: 'declared' };
    },
    rateLimitFor: (id) => (Object.hasOwn(overrides.data, id) ? overrides.data[id]?.rateLimit : undefined) ?? (Object.hasOwn(connectors, id) && connectors[id]?.rateLimit ? RateLimitPolicy.parse(connectors[id]?.rateLimit) : undefined),
  };
}

/** Reads hub.config.yaml; a missing file means "no routes, declared policies". */
export async function loadHubConfig(path: string, connectors: Readonly<Record<string, Connector>>): Promise<HubConfig> {
  return compileHubConfig(await readConfigDocument(path), connectors);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readConfigDocument(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return {};
    throw err;
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw hubError('HUB_ROUTES_INVALID', `${path} is not valid YAML: ${(err as Error).message}`);
  }
  return doc;
}
