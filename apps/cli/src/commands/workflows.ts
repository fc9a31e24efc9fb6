import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Connector } from '@hub/connector-sdk';
import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { hubError } from '@hub/core/errors';
import { openHubResources, type HubResources } from '@hub/core/runtime';
import { DRY_RUN_MAX_EVENTS, dryRunWorkflow, validateWorkflow, WorkflowStore, type WorkflowDetail } from '@hub/core/workflows';
import { parse as parseYaml } from 'yaml';
import { installedConnectors } from '../installed-connectors.js';
import { dryRunText, versionText, workflowDetail, workflowTable } from './workflow-text.js';

export interface WorkflowsIo {
  print?: (line: string) => void;
  /** The installed connectors a definition is checked against (default: discovered as every command does). */
  connectors?: () => Promise<Readonly<Record<string, Connector>>>;
}

// Operator actions carry who did it, as `hub replay` and `hub alerts` do.
const actor = () => `cli:${os.userInfo().username}`;

async function withResources<T>(env: Env, work: (resources: HubResources) => Promise<T>): Promise<T> {
  const resources = openHubResources(parseEnv(BaseEnv, env));
  try {
    return await work(resources);
  } finally {
    await resources.close();
  }
}

const withWorkflows = <T>(env: Env, work: (workflows: WorkflowStore) => Promise<T>): Promise<T> => withResources(env, ({ pool, store }) => work(new WorkflowStore(pool, store)));

/** A number given on the command line (`--version 3`, `--to 2`, `canary <name> 3 10`): a whole number from 1 (to `max`). */
function wholeNumber(value: string | undefined, what: string, example: string, max?: number): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value.trim()) || n < 1 || (max !== undefined && n > max)) {
    throw hubError('HUB_CLI_USAGE', `${what} is a whole number from 1${max !== undefined ? ` to ${max}` : ''} (got "${value ?? ''}"), e.g. ${example}`);
  }
  return n;
}

async function detailOf(workflows: WorkflowStore, name: string): Promise<WorkflowDetail> {
  const detail = await workflows.get(name);
  if (!detail) throw hubError('HUB_WORKFLOW_NOT_FOUND', `no workflow named "${name}"; "hub workflows list" shows them`);
  return detail;
}

/** `hub workflows list [--json]` */
export async function runWorkflowsList(env: Env, options: { json?: boolean }, io: WorkflowsIo = {}): Promise<void> {
  const print = io.print ?? console.log;
  const list = await withWorkflows(env, (w) => w.list());
  if (options.json) return print(JSON.stringify(list, null, 2));
  if (list.length === 0) return print('no workflows yet; write one in YAML (docs/workflows.md) and run: hub workflows apply <file.yaml>');
  for (const line of workflowTable(list)) print(line);
  print(`${list.length} workflow(s). Details: hub workflows show <name>`);
}

/** `hub workflows show <name> [--version N] [--json]`: the state and versions, or one version's definition. */
export async function runWorkflowsShow(env: Env, name: string, options: { version?: string; json?: boolean }, io: WorkflowsIo = {}): Promise<void> {
  const print = io.print ?? console.log;
  const wanted = options.version === undefined ? undefined : wholeNumber(options.version, '--version', `hub workflows show ${name} --version 2`);
  const detail = await withWorkflows(env, (w) => detailOf(w, name));
  if (wanted === undefined) {
    if (options.json) return print(JSON.stringify(detail, null, 2));
    for (const line of workflowDetail(detail)) print(line);
    return;
  }
  const version = detail.versions.find((v) => v.version === wanted);
  if (!version) throw hubError('HUB_WORKFLOW_VERSION_NOT_FOUND', `${name} has no version ${wanted} (versions 1 to ${detail.latestVersion})`);
  if (options.json) return print(JSON.stringify(version, null, 2));
  for (const line of versionText(version, version.version === detail.activeVersion ? 'active' : undefined)) print(line);
}

/**
 * `hub workflows apply <file.yaml|json> [--no-activate] [--message <text>]`: validates the definition against the
 * installed connectors and saves it as the workflow's next version (active unless --no-activate,
 * which stages it for a canary).
 */
export async function runWorkflowsApply(env: Env, file: string, options: { activate?: boolean; message?: string | undefined }, io: WorkflowsIo = {}): Promise<void> {
  const print = io.print ?? console.log;
  const document = await readDefinition(file);
  const definition = validateWorkflow(document, await connectorsOf(env, io));
  const activate = options.activate ?? true;
  const saved = await withWorkflows(env, (w) => w.saveVersion(definition, { actor: actor(), activate, message: options.message }));
  print(
    activate
      ? `saved ${saved.name} version ${saved.version}, active from the next webhook (undo: hub workflows rollback ${saved.name})`
      : `saved ${saved.name} version ${saved.version}, not active; try it on some events: hub workflows canary ${saved.name} ${saved.version} 10`,
  );
}

const connectorsOf = async (env: Env, io: WorkflowsIo) => (io.connectors ?? (async () => (await installedConnectors(env)).connectors))();

/** A workflow definition file (YAML or JSON), parsed but not validated. */
async function readDefinition(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw hubError('HUB_CLI_USAGE', `cannot read ${file} (${(err as { code?: string }).code ?? (err as Error).message}); give the path of a workflow definition in YAML or JSON`);
  }
  try {
    return parseYaml(text); // JSON is YAML too
  } catch (err) {
    throw hubError('HUB_CLI_USAGE', `${file} is not valid YAML or JSON: ${(err as Error).message}`);
  }
}

/**
 * `hub workflows dry-run <name|file.yaml> [--version N] [--last N] [--event <id>...] [--json]`:
 * what a stored version (default: the active one) or a definition file would do with stored
 * webhooks of its trigger; nothing is called or recorded.
 */
export async function runWorkflowsDryRun(env: Env, target: string, options: { version?: string; last?: string; event?: string[]; json?: boolean }, io: WorkflowsIo = {}): Promise<void> {
  const print = io.print ?? console.log;
  // A workflow name has no dot or slash: anything else is a file.
  const byName = /^[a-z0-9][a-z0-9-]{0,62}$/.test(target);
  if (!byName && options.version !== undefined) throw hubError('HUB_CLI_USAGE', `--version picks a stored version; ${target} is a file (give a workflow name, e.g. hub workflows dry-run payments --version 2)`);
  const eventIds = options.event ?? [];
  if (eventIds.length > 0 && options.last !== undefined) throw hubError('HUB_CLI_USAGE', 'give --event <id>... or --last N, not both');
  const version = options.version === undefined ? undefined : wholeNumber(options.version, '--version', `hub workflows dry-run ${target} --version 2`);
  const last = options.last === undefined ? undefined : wholeNumber(options.last, '--last', `hub workflows dry-run ${target} --last 50`, DRY_RUN_MAX_EVENTS);
  const workflow = byName ? { name: target, version } : { definition: await readDefinition(target) };
  const catalog = await connectorsOf(env, io);
  const result = await withResources(env, ({ pool }) => dryRunWorkflow({ pool, catalog, workflow, last, eventIds }));
  if (options.json) return print(JSON.stringify(result, null, 2));
  const { connector, event } = result.trigger;
  if (result.events.length === 0) return print(`no ${connector} ${event} webhooks are stored yet; send one with: hub send-test ${connector} ${event}`);
  for (const line of dryRunText(result)) print(line);
}

/** `hub workflows disable|enable <name>` */
export async function runWorkflowsSwitch(env: Env, name: string, to: 'disabled' | 'active', io: WorkflowsIo = {}): Promise<void> {
  const print = io.print ?? console.log;
  const { before, after } = await withWorkflows(env, async (w) => {
    const current = await detailOf(w, name);
    return { before: current.status, after: to === 'disabled' ? await w.disable(name, actor()) : await w.enable(name, actor()) };
  });
  if (before === to) return print(`${name} was already ${to === 'active' ? 'enabled' : 'disabled'}; nothing changed`);
  print(to === 'disabled' ? `disabled ${name}: nothing of it runs from the next webhook, retries included (resume: hub workflows enable ${name})` : `enabled ${name}: v${after.activeVersion ?? '?'} runs from the next webhook`);
}

/** `hub workflows rollback <name> [--to N]` */
export async function runWorkflowsRollback(env: Env, name: string, options: { to?: string }, io: WorkflowsIo = {}): Promise<void> {
  const print = io.print ?? console.log;
  const to = options.to === undefined ? undefined : wholeNumber(options.to, '--to', `hub workflows rollback ${name} --to 1`);
  const { from, to: restored } = await withWorkflows(env, (w) => w.rollback(name, actor(), to));
  print(`${name}: version ${restored} is active again (was ${from}), from the next webhook`);
}

/** `hub workflows canary <name> <version> <percent>`, `--promote`, `--stop` */
export async function runWorkflowsCanary(env: Env, name: string, args: { version?: string; percent?: string; promote?: boolean; stop?: boolean }, io: WorkflowsIo = {}): Promise<void> {
  const print = io.print ?? console.log;
  const usage = `use "hub workflows canary ${name} <version> <percent>", "hub workflows canary ${name} --promote" or "hub workflows canary ${name} --stop"`;
  const positional = args.version !== undefined || args.percent !== undefined;
  if ([positional, Boolean(args.promote), Boolean(args.stop)].filter(Boolean).length !== 1) throw hubError('HUB_CLI_USAGE', `say one thing: ${usage}`);
  if (args.promote) {
    const summary = await withWorkflows(env, (w) => w.promoteCanary(name, actor()));
    return print(`${name}: v${summary.activeVersion} promoted, it runs on every webhook now (undo: hub workflows rollback ${name})`);
  }
  if (args.stop) {
    await withWorkflows(env, (w) => w.stopCanary(name, actor()));
    return print(`${name}: canary stopped, every webhook runs the active version`);
  }
  const version = wholeNumber(args.version, 'the version', `hub workflows canary ${name} 3 10`);
  const percent = wholeNumber(args.percent, 'the percent', `hub workflows canary ${name} ${version} 10`, 99);
  const summary = await withWorkflows(env, (w) => w.setCanary(name, version, percent, actor()));
  print(`${name}: v${version} runs on ${percent} % of webhooks (chosen by event id), v${summary.activeVersion} on the rest; then: hub workflows canary ${name} --promote or --stop`);
}
