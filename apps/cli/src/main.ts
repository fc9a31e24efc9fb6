#!/usr/bin/env node
import { Command } from 'commander';
import { ALL_IN_ONE_HEAP_GROWING_PERCENT, applyHeapPolicy } from '@hub/core/config';
import { isHubError } from '@hub/core/errors';
// Each command's module is imported when that command runs, not here: `hub --help` or `hub health`
// then loads none of the worker, the ingress, the console and the Slack app (`hub --help` took
// 0.9-1.2 s and 132-137 MB with every command imported up front, 0.27-0.31 s and 76-78 MB now).
import type { CredentialsSetOptions } from './commands/credentials.js';
import type { ReplayOptions } from './commands/replay.js';
import type { WorkflowsReplayOptions } from './commands/workflows-replay.js';
import { parseProcesses } from './process-cluster.js';

// The one place the CLI reads the environment; everything below receives it.
const env = { ...process.env };

// The commands that serve until stopped: their heap growth is bounded (HUB_HEAP_GROWING_PERCENT).
const LONG_RUNNING = new Set(['up', 'ingress', 'relay', 'console', 'slack', 'worker']);

const program = new Command('hub').description('Integration Hub: verified webhooks, one queue per connector, resilient workers.').showHelpAfterError();

// The other commands reach the PostgreSQL that `hub up` embedded here (its password is in .hub/postgres.json).
program.hook('preAction', async (_program, command) => {
  if (LONG_RUNNING.has(command.name())) applyHeapPolicy(env, command.name() === 'up' ? ALL_IN_ONE_HEAP_GROWING_PERCENT : 0);
  if (command.name() === 'up') return;
  const { embeddedDatabaseUrl } = await import('./embedded/local-services.js');
  const url = await embeddedDatabaseUrl(env);
  if (url) env.DATABASE_URL = url;
});

program.command('up').description('create and migrate the database, start the SQS emulator (when SQS_ENDPOINT is unset), ingress, relay, workers and console; with DATABASE_URL / REDIS_URL unset and nothing at their default addresses, an embedded PostgreSQL and in-process Redis state').action(async () => (await import('./commands/up.js')).runUp(env));
program.command('migrate').description('create the database if missing and apply pending migrations').action(async () => (await import('./commands/migrate.js')).runMigrate(env));
program
  .command('ingress')
  .description('run the webhook ingress and the outbox relay')
  .option('--processes <n>', 'ingress processes sharing the port (node:cluster), e.g. one per core; a crashed one is replaced', '1')
  .action(async (opts: { processes: string }) => (await import('./commands/ingress.js')).runIngress(env, parseProcesses(opts.processes)));
program.command('relay').description('run the outbox relay alone (with an ingress started with HUB_RELAY=off)').action(async () => (await import('./commands/relay.js')).runRelay(env));
program.command('console').description('run the console API (events, DLQ, health, replay)').action(async () => (await import('./commands/console.js')).runConsole(env));
program.command('slack').description('run the Slack app: /hub help|health|dlq and Replay buttons (docs/slack.md)').action(async () => (await import('./commands/slack.js')).runSlack(env));
program
  .command('worker')
  .description('consume the queues of the given connectors (production: one process per connector)')
  .requiredOption('-c, --connector <id...>', 'connector id(s), e.g. --connector stripe')
  .option('--processes <n>', 'worker processes consuming the same queues (node:cluster), e.g. one per idle core; a crashed one is replaced', '1')
  .action(async (opts: { connector: string[]; processes: string }) => (await import('./commands/worker.js')).runWorker(env, opts.connector.flatMap((c) => c.split(',')), parseProcesses(opts.processes)));
program
  .command('send-test')
  .description('send a correctly signed sample webhook to a running hub')
  .argument('<connector>', 'e.g. stripe')
  .argument('<event-type>', 'e.g. payment_intent.succeeded')
  .option('--url <url>', 'ingress base URL', undefined)
  .option('--account <account>', 'account segment for multi-account connectors (e.g. a Shopify shop)')
  .action(async (connector: string, eventType: string, opts: { url?: string; account?: string }) => (await import('./commands/send-test.js')).runSendTest(env, connector, eventType, opts));

program
  .command('dlq')
  .description("list a connector's dead-lettered and quarantined events with their last error")
  .argument('<connector>', 'e.g. stripe')
  .option('--no-quarantined', 'leave quarantined events out')
  .option('--json', 'print JSON')
  .option('--limit <n>', 'most events listed', (v) => Number(v), 500)
  .action(async (connector: string, opts: { quarantined: boolean; json?: boolean; limit: number }) => (await import('./commands/dlq.js')).runDlq(env, connector, { quarantined: opts.quarantined, json: Boolean(opts.json), limit: opts.limit }));
program
  .command('replay')
  .description('replay events from the event store: by id, a whole DLQ, or a time window')
  .argument('[eventIds...]', 'event ids to replay')
  .option('--connector <id>', 'the connector whose events to select')
  .option('--dlq', "replay the connector's dead-lettered events")
  .option('--include-quarantined', 'with --dlq: quarantined events too (after a fix)')
  .option('--from <time>', 'events received since: ISO date-time or an age such as 2h')
  .option('--to <time>', 'events received before (default: now)')
  .option('--reason <text>', 'why (recorded with the replay)')
  .option('--dry-run', 'count what would be replayed; change nothing')
  .option('--rate <n>', 'events queued per second at most', (v) => Number(v), 200)
  .action(async (eventIds: string[], opts: ReplayOptions) => (await import('./commands/replay.js')).runReplay(env, eventIds, opts));

program
  .command('health')
  .description('per connector: counts, success rate, failures by class, latency (5 m, 1 h, 24 h), queue, circuit, rate limit, last success')
  .argument('[connector]', 'one connector only')
  .option('--accounts', 'the windows per account too')
  .action(async (connector: string | undefined, opts: { accounts?: boolean }) => (await import('./commands/health.js')).runHealth(env, connector, opts));

const retentionGroup = program.command('retention').description('archive, then delete, webhooks finished before the window (HUB_RETENTION_DAYS, HUB_ARCHIVE_DIR); prune the health rollups');
retentionGroup
  .command('run')
  .description('one retention run now (workers also run it every HUB_RETENTION_INTERVAL_S); replay reaches only what is left')
  .option('--dry-run', 'count what would be archived, deleted and pruned; change nothing')
  .action(async (opts: { dryRun?: boolean }) => {
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    await (await import('./commands/retention.js')).runRetentionCommand(env, { dryRun: Boolean(opts.dryRun), signal: stop.signal });
  });

const alertsGroup = program.command('alerts').description('open alerts: list, acknowledge, mute, unmute, resolve (recorded with who did it)');
alertsGroup
  .command('list', { isDefault: true })
  .description('open alerts, newest first')
  .option('--all', 'resolved alerts too')
  .option('--json', 'print JSON')
  .action(async (opts: { all?: boolean; json?: boolean }) => (await import('./commands/alerts.js')).runAlertsList(env, { all: Boolean(opts.all), json: Boolean(opts.json) }));
alertsGroup
  .command('mute')
  .description("silence notifications of the alert's connector and kind for a while (still recorded)")
  .argument('<id>', 'alert id, as `hub alerts list` shows it')
  .requiredOption('--for <duration>', '30m, 1h, 2d (at most 30d)')
  .action(async (id: string, opts: { for: string }) => (await import('./commands/alerts.js')).runAlertsMute(env, id, opts));
alertsGroup
  .command('ack')
  .description('acknowledge an open alert: its Slack message says who is on it')
  .argument('<id>', 'alert id, as `hub alerts list` shows it')
  .action(async (id: string) => (await import('./commands/alerts.js')).runAlertsAck(env, id));
alertsGroup
  .command('unmute')
  .description("lift the mutes of a connector (every kind, or the one named)")
  .argument('<connector>', 'connector id')
  .argument('[kind]', 'one alert kind only')
  .action(async (connector: string, kind: string | undefined) => (await import('./commands/alerts.js')).runAlertsUnmute(env, connector, kind));
alertsGroup
  .command('resolve')
  .description('resolve an open alert by hand')
  .argument('<id>', 'alert id, as `hub alerts list` shows it')
  .action(async (id: string) => (await import('./commands/alerts.js')).runAlertsResolve(env, id));

const tokensGroup = program.command('tokens').description('named console API tokens: viewer (reads) or operator (replay, alerts, workflows); stored hashed, recorded with who did it');
tokensGroup
  .command('create')
  .description('create a token and print it once (it cannot be read back)')
  .argument('<name>', 'who or what holds it, e.g. ops.anna@example.com or grafana (the actor recorded for what it does)')
  .option('--role <role>', 'viewer or operator')
  .action(async (name: string, opts: { role?: string }) => (await import('./commands/tokens.js')).runTokensCreate(env, name, opts));
tokensGroup
  .command('list', { isDefault: true })
  .description('tokens with their role, creator and last use (never their value)')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => (await import('./commands/tokens.js')).runTokensList(env, { json: Boolean(opts.json) }));
tokensGroup
  .command('revoke')
  .description('revoke the active token of this name: requests with it are refused from now on')
  .argument('<name>', 'token name, as `hub tokens list` shows it')
  .action(async (name: string) => (await import('./commands/tokens.js')).runTokensRevoke(env, name));

const workflowsGroup = program.command('workflows').description('workflows: versions, dry run, canary, rollback (recorded with who did it; docs/workflows.md)');
workflowsGroup
  .command('list', { isDefault: true })
  .description('workflows with their running version, canary and trigger')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => (await import('./commands/workflows.js')).runWorkflowsList(env, { json: Boolean(opts.json) }));
workflowsGroup
  .command('show')
  .description("a workflow's state and versions, and the running definition as YAML (or one version's)")
  .argument('<name>', 'workflow name, as `hub workflows list` shows it')
  .option('--version <n>', 'print this version instead')
  .option('--json', 'print JSON')
  .action(async (name: string, opts: { version?: string; json?: boolean }) => (await import('./commands/workflows.js')).runWorkflowsShow(env, name, opts));
workflowsGroup
  .command('apply')
  .description("validate a definition (YAML or JSON) against the installed connectors and save it as the workflow's next version")
  .argument('<file>', 'e.g. workflows/payments.yaml')
  .option('--no-activate', 'save without activating (to try it as a canary first)')
  .option('--message <text>', 'why this version (shown in its history; at most 500 characters)')
  .action(async (file: string, opts: { activate: boolean; message?: string }) => (await import('./commands/workflows.js')).runWorkflowsApply(env, file, { activate: opts.activate, message: opts.message }));
workflowsGroup
  .command('dry-run')
  .description("what a version (default: the active one) or a definition file would do with stored webhooks of its trigger: each step's outcome, the input each call would send; calls and records nothing")
  .argument('<workflow>', 'a workflow name, or a definition file (YAML or JSON) not saved yet')
  .option('--version <n>', 'this stored version')
  .option('--last <n>', 'the last N webhooks of the trigger (default 20, at most 200)')
  .option('--event <id...>', 'these webhooks instead (event ids)')
  .option('--json', 'print JSON')
  .action(async (target: string, opts: { version?: string; last?: string; event?: string[]; json?: boolean }) => (await import('./commands/workflows.js')).runWorkflowsDryRun(env, target, opts));
workflowsGroup
  .command('disable')
  .description('stop a workflow: nothing of it runs from the next webhook')
  .argument('<name>', 'workflow name')
  .action(async (name: string) => (await import('./commands/workflows.js')).runWorkflowsSwitch(env, name, 'disabled'));
workflowsGroup
  .command('enable')
  .description('resume a disabled workflow')
  .argument('<name>', 'workflow name')
  .action(async (name: string) => (await import('./commands/workflows.js')).runWorkflowsSwitch(env, name, 'active'));
workflowsGroup
  .command('rollback')
  .description('make the version active before the current one active again (each rollback goes one further back)')
  .argument('<name>', 'workflow name')
  .option('--to <n>', 'this version instead')
  .action(async (name: string, opts: { to?: string }) => (await import('./commands/workflows.js')).runWorkflowsRollback(env, name, opts));
workflowsGroup
  .command('canary')
  .description('run another version on a percentage of webhooks (by a stable hash of the event id), then promote or stop it')
  .argument('<name>', 'workflow name')
  .argument('[version]', 'the version to try')
  .argument('[percent]', '1 to 99')
  .option('--promote', 'make the canary version the active one')
  .option('--stop', 'end the canary: every webhook runs the active version')
  .action(async (name: string, version: string | undefined, percent: string | undefined, opts: { promote?: boolean; stop?: boolean }) => (await import('./commands/workflows.js')).runWorkflowsCanary(env, name, { version, percent, ...opts }));
workflowsGroup
  .command('replay')
  .description("run the stored webhooks of a time window through one version only (no route, no other workflow); --dry-run shows what it would call next to what was called")
  .argument('<name>', 'workflow name')
  .requiredOption('--version <n>', 'the version to run them through')
  .requiredOption('--from <time>', 'window start: ISO time or age (30m, 2h, 7d)')
  .option('--to <time>', 'window end (default: now)')
  .option('--limit <n>', `at most this many, the oldest of the window (default 100, at most 500)`)
  .option('--reason <text>', 'recorded with the replay')
  .option('--dry-run', 'show, per event, the path and the calls the version would make next to the calls made; call nothing')
  .option('--json', 'print JSON')
  .action(async (name: string, opts: WorkflowsReplayOptions) => (await import('./commands/workflows-replay.js')).runWorkflowsReplay(env, name, opts));

const credentials = program.command('credentials').description('encrypted connector credentials');
credentials
  .command('set')
  .description("store a connector's credentials (encrypted); values are typed at a hidden prompt or piped on standard input, never given on the command line")
  .argument('<connector>', 'a connector that declares auth, or a multi-account one (for --webhook-secret)')
  .option('--account <account>', 'the account (shop, subdomain, …); default: the connector-wide credentials')
  .option('--field <name...>', "a credential field's name, repeatable (e.g. --field apiKey); replaces the account's outbound fields")
  .option('--webhook-secret', "the account's own webhook secret (several comma-separated during a rotation); its webhooks are then verified with it only")
  .option('--from-stdin', 'read every field as one JSON object from standard input (webhookSecret included)')
  .action(async (connector: string, opts: CredentialsSetOptions) => (await import('./commands/credentials.js')).runCredentialsSet(env, connector, opts));
credentials
  .command('list')
  .description('stored credentials: connector, account, field names (never values), keys')
  .action(async () => (await import('./commands/credentials.js')).runCredentialsList(env));
credentials
  .command('rotate-key')
  .description('re-wrap every data key under the current (first) master key of HUB_MASTER_KEYS, without downtime')
  .action(async () => (await import('./commands/credentials.js')).runRotateKey(env));
credentials
  .command('rotate-data-keys')
  .description('re-encrypt every credential under a fresh data key and retire the older data keys (one row at a time: safe to interrupt and run again)')
  .action(async () => {
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    if (!(await (await import('./commands/credentials.js')).runRotateDataKeys(env, console.log, stop.signal)).complete) process.exitCode = 1;
  });

const connectorsGroup = program.command('connectors').description('connector packages: scaffold, list, validate');
connectorsGroup
  .command('new')
  .description('scaffold a declarative connector package that passes its own contract tests as generated')
  .argument('<id>', 'lower-case id, e.g. acme-crm')
  .option('--dir <folder>', 'parent folder of the new package', 'connectors')
  .action(async (id: string, opts: { dir: string }) => {
    await (await import('./commands/connectors-new.js')).runConnectorsNew(id, { dir: opts.dir });
  });
connectorsGroup
  .command('list')
  .description('installed connector packages (workspace, node_modules, HUB_CONNECTOR_PATHS) and whether HUB_CONNECTORS enables them')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => (await import('./commands/connectors-list.js')).runConnectorsList(env, { json: Boolean(opts.json) }));
connectorsGroup
  .command('validate')
  .description('check a connector.yaml (and the schemas, fixtures and hooks it references); problems are printed as file:line:col')
  .argument('<path>', 'a connector.yaml or the folder holding it')
  .action(async (path: string) => {
    process.exitCode = await (await import('./commands/connectors.js')).runConnectorsValidate(path);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (isHubError(err)) {
    console.error(`${err.code}: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
