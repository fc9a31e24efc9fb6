import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration, type Connector } from '@hub/connector-sdk';
import http from '@hub/connector-http';
import stripe from '@hub/connector-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { serialiseReceivedData, WebhookIngestor } from '@hub/core/event-store';
import { runWorkflowsApply, runWorkflowsCanary, runWorkflowsDryRun, runWorkflowsList, runWorkflowsRollback, runWorkflowsShow, runWorkflowsSwitch, type WorkflowsIo } from './workflows.js';

const ACTOR = `cli:${os.userInfo().username}`;
const slack = await loadConnectorDeclaration(fileURLToPath(new URL('../../../../connectors/slack/connector.yaml', import.meta.url)));
const connectors: Record<string, Connector> = { stripe, http, slack };

let db: TestDatabase;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase('workflows_cli');
  env = { DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema };
  dir = await mkdtemp(join(tmpdir(), 'hub-workflows-cli-'));
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

function capture(): { lines: string[]; io: WorkflowsIo } {
  const lines: string[] = [];
  return { lines, io: { print: (line) => lines.push(line), connectors: async () => connectors } };
}

/** Writes a definition file; the notify text tells the versions apart. */
async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const yaml = (text: string) => `name: refunds
trigger: { connector: stripe, event: charge.refunded }
steps:
  - id: notify
    type: notify
    channel: payments
    text: "${text} {{ data.object.id }}"
`;

async function codeOf(work: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await work;
  } catch (err) {
    return err as { code?: string; message?: string };
  }
  return {};
}

describe('hub workflows', () => {
  it('applies a YAML definition as version 1, active, and lists and shows it', async () => {
    const out = capture();
    await runWorkflowsApply(env, await file('v1.yaml', yaml('refunded')), {}, out.io);
    expect(out.lines).toEqual(['saved refunds version 1, active from the next webhook (undo: hub workflows rollback refunds)']);

    const listed = capture();
    await runWorkflowsList(env, {}, listed.io);
    expect(listed.lines[1]).toMatch(new RegExp(`^refunds\\s+active\\s+v1\\s+stripe charge.refunded\\s+1\\s+.* by ${ACTOR}$`));

    const shown = capture();
    await runWorkflowsShow(env, 'refunds', {}, shown.io);
    expect(shown.lines).toEqual(expect.arrayContaining(['  status:   active', '  running:  v1', '  rollback: no earlier version (use --to N)', "    text: refunded {{ data.object.id }}"]));
    expect(shown.lines.some((l) => /^ {2}v1 .* by cli:.*<- active$/.test(l))).toBe(true);
  });

  it('applies JSON too, stages a version with --no-activate, runs it as a canary and promotes it', async () => {
    const v2 = JSON.stringify({ name: 'refunds', trigger: { connector: 'stripe', event: 'charge.refunded' }, steps: [{ id: 'notify', type: 'notify', channel: 'payments', text: 'v2 {{ id }}' }] });
    const staged = capture();
    await runWorkflowsApply(env, await file('v2.json', v2), { activate: false }, staged.io);
    expect(staged.lines).toEqual(['saved refunds version 2, not active; try it on some events: hub workflows canary refunds 2 10']);

    const canary = capture();
    await runWorkflowsCanary(env, 'refunds', { version: '2', percent: '10' }, canary.io);
    expect(canary.lines[0]).toMatch(/^refunds: v2 runs on 10 % of webhooks \(chosen by event id\), v1 on the rest/);
    const listed = capture();
    await runWorkflowsList(env, { json: true }, listed.io);
    expect(JSON.parse(listed.lines[0] as string)).toMatchObject([{ name: 'refunds', activeVersion: 1, canary: { version: 2, percent: 10 } }]);

    const promoted = capture();
    await runWorkflowsCanary(env, 'refunds', { promote: true }, promoted.io);
    expect(promoted.lines).toEqual(['refunds: v2 promoted, it runs on every webhook now (undo: hub workflows rollback refunds)']);
    const shown = capture();
    await runWorkflowsShow(env, 'refunds', { version: '1' }, shown.io);
    expect(shown.lines[0]).toMatch(/^# v1, saved .* by cli:/);
    expect(shown.lines).toContain('    text: refunded {{ data.object.id }}');
  });

  it('rolls back, disables and enables, recording each change with the operator as actor', async () => {
    const out = capture();
    await runWorkflowsRollback(env, 'refunds', {}, out.io);
    await runWorkflowsSwitch(env, 'refunds', 'disabled', out.io);
    await runWorkflowsSwitch(env, 'refunds', 'disabled', out.io);
    await runWorkflowsSwitch(env, 'refunds', 'active', out.io);
    expect(out.lines).toEqual([
      'refunds: version 1 is active again (was 2), from the next webhook',
      'disabled refunds: nothing of it runs from the next webhook, retries included (resume: hub workflows enable refunds)',
      'refunds was already disabled; nothing changed',
      'enabled refunds: v1 runs from the next webhook',
    ]);
    const { rows } = await db.admin.query<{ type: string; actor: string }>(`SELECT type, actor FROM events WHERE type LIKE 'workflow.%' ORDER BY id`);
    expect(rows.map((r) => r.type)).toEqual([
      'workflow.version_saved',
      'workflow.activated',
      'workflow.version_saved',
      'workflow.canary_set',
      'workflow.canary_promoted',
      'workflow.rolled_back',
      'workflow.disabled',
      'workflow.enabled',
    ]);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set([ACTOR]));
  });

  it('says what to do about operator mistakes', async () => {
    const { io } = capture();
    const missing = await codeOf(runWorkflowsApply(env, join(dir, 'nope.yaml'), {}, io));
    expect(missing).toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringContaining('give the path of a workflow definition in YAML or JSON') });
    expect((await codeOf(runWorkflowsApply(env, await file('broken.yaml', 'name: [unclosed\n'), {}, io))).code).toBe('HUB_CLI_USAGE');
    const invalid = await codeOf(runWorkflowsApply(env, await file('bad.yaml', yaml('x').replace('charge.refunded', 'charge.refundd')), {}, io));
    expect(invalid).toMatchObject({ code: 'HUB_WORKFLOW_INVALID', message: expect.stringContaining('stripe declares no event "charge.refundd" (known: ') });

    expect((await codeOf(runWorkflowsShow(env, 'unknown', {}, io))).code).toBe('HUB_WORKFLOW_NOT_FOUND');
    expect((await codeOf(runWorkflowsShow(env, 'refunds', { version: '9' }, io))).code).toBe('HUB_WORKFLOW_VERSION_NOT_FOUND');
    expect((await codeOf(runWorkflowsShow(env, 'refunds', { version: 'latest' }, io))).code).toBe('HUB_CLI_USAGE');
    expect((await codeOf(runWorkflowsRollback(env, 'refunds', { to: 'one' }, io))).message).toContain('--to is a whole number from 1 (got "one"), e.g. hub workflows rollback refunds --to 1');
    expect((await codeOf(runWorkflowsRollback(env, 'refunds', {}, io))).code).toBe('HUB_WORKFLOW_NO_EARLIER_VERSION');
    expect((await codeOf(runWorkflowsSwitch(env, 'unknown', 'disabled', io))).code).toBe('HUB_WORKFLOW_NOT_FOUND');

    expect((await codeOf(runWorkflowsCanary(env, 'refunds', {}, io))).message).toContain('say one thing: use "hub workflows canary refunds <version> <percent>"');
    expect((await codeOf(runWorkflowsCanary(env, 'refunds', { version: '2', percent: '10', stop: true }, io))).code).toBe('HUB_CLI_USAGE');
    expect((await codeOf(runWorkflowsCanary(env, 'refunds', { version: '2', percent: '100' }, io))).message).toContain('the percent is a whole number from 1 to 99');
    expect((await codeOf(runWorkflowsCanary(env, 'refunds', { stop: true }, io))).code).toBe('HUB_WORKFLOW_OPERATION_INVALID');
  });
});

/** Stores a webhook as the ingress does and returns our event id. */
async function receive(providerId: string, type: keyof typeof stripe.fixtures, object: Record<string, unknown> = {}): Promise<string> {
  const fixture = stripe.fixtures[type] as { data: { object: object } };
  const payload = { ...fixture, id: providerId, type, data: { object: { ...fixture.data.object, ...object } } };
  const dataJson = serialiseReceivedData(type, { 'content-type': 'application/json' }, JSON.stringify(payload));
  return (await new WebhookIngestor(db.pool).ingest({ connector: 'stripe', account: null, providerEventId: providerId, dataJson })).eventId;
}

describe('hub workflows dry-run', () => {
  const ids: Record<string, string> = {};

  it('says how to get a webhook when none of the trigger is stored yet', async () => {
    const out = capture();
    await runWorkflowsDryRun(env, 'refunds', {}, out.io);
    expect(out.lines).toEqual(['no stripe charge.refunded webhooks are stored yet; send one with: hub send-test stripe charge.refunded']);
  });

  it('prints each stored webhook with its steps and the totals, for the active version, and records nothing', async () => {
    ids.first = await receive('evt_cli_dry_1', 'charge.refunded');
    ids.second = await receive('evt_cli_dry_2', 'charge.refunded', { id: 'ch_cli_dry_2' });
    ids.payment = await receive('evt_cli_dry_pi', 'payment_intent.succeeded');
    const count = async () => (await db.admin.query('SELECT count(*)::int AS n FROM events')).rows[0].n as number;
    const before = await count();
    const out = capture();
    await runWorkflowsDryRun(env, 'refunds', {}, out.io);
    expect(await count()).toBe(before);
    expect(out.lines[0]).toBe('refunds v1 on 2 stored stripe charge.refunded webhook(s), newest first; nothing was called or recorded');
    const rows = out.lines.filter((l) => /^[0-9a-f]{8}-/.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/).filter((_, i) => i !== 2))).toEqual([
      [ids.second, 'evt_cli_dry_2', 'would_run'],
      [ids.first, 'evt_cli_dry_1', 'would_run'],
    ]);
    expect(out.lines).toContain('  notify           notify     would_send  slack.post_message "refunded ch_cli_dry_2"');
    expect(out.lines).toContain('2 webhook(s): 2 would run, 0 filtered, 0 error(s)');
  });

  it('dry-runs a named version or named events as JSON, and a definition file not saved', async () => {
    const json = capture();
    await runWorkflowsDryRun(env, 'refunds', { version: '2', event: [ids.first as string], json: true }, json.io);
    const result = JSON.parse(json.lines.join('\n'));
    expect(result).toMatchObject({ name: 'refunds', version: 2, totals: { would_run: 1, filtered: 0, error: 0 } });
    expect(result.events[0].steps).toEqual([{ id: 'notify', type: 'notify', action: 'slack.post_message', outcome: 'would_send', input: { channel: 'payments', text: 'v2 evt_cli_dry_1' }, text: 'v2 evt_cli_dry_1' }]);

    const draft = `name: refunds
trigger: { connector: stripe, event: charge.refunded }
steps:
  - { id: ours, type: condition, when: { field: data.object.id, operator: equals, value: ch_cli_dry_2 } }
  - id: refund
    type: action
    connector: stripe
    action: create_refund
    input: { charge: data.object.id, amount: data.object.currency }
`;
    const out = capture();
    await runWorkflowsDryRun(env, await file('draft.yaml', draft), { last: '5' }, out.io);
    expect(out.lines[0]).toBe('refunds (from the file, not saved) on 2 stored stripe charge.refunded webhook(s), newest first; nothing was called or recorded');
    expect(out.lines).toContain('  refund           action     error       HUB_ACTION_INPUT_INVALID mapped input does not match the action input: amount: Invalid input: expected number, received string');
    expect(out.lines).toContain('  ours             condition  filtered');
    expect(out.lines).toContain('2 webhook(s): 0 would run, 1 filtered, 1 error(s)');
  });

  it('says what to do about dry-run mistakes', async () => {
    const { io } = capture();
    expect((await codeOf(runWorkflowsDryRun(env, 'unknown', {}, io))).code).toBe('HUB_WORKFLOW_NOT_FOUND');
    expect((await codeOf(runWorkflowsDryRun(env, 'refunds', { last: '500' }, io))).message).toContain('--last is a whole number from 1 to 200');
    expect((await codeOf(runWorkflowsDryRun(env, 'refunds', { last: '5', event: [ids.first as string] }, io))).code).toBe('HUB_CLI_USAGE');
    expect((await codeOf(runWorkflowsDryRun(env, join(dir, 'draft.yaml'), { version: '1' }, io))).code).toBe('HUB_CLI_USAGE');
    expect((await codeOf(runWorkflowsDryRun(env, join(dir, 'missing.yaml'), {}, io))).code).toBe('HUB_CLI_USAGE');
    const other = await codeOf(runWorkflowsDryRun(env, 'refunds', { event: [ids.payment as string] }, io));
    expect(other).toMatchObject({ code: 'HUB_WORKFLOW_DRY_RUN_INVALID', message: expect.stringContaining('is a stripe payment_intent.succeeded webhook; the workflow triggers on stripe charge.refunded') });
  });

  it('applies a graph document (nodes and edges) and shows it; a graph problem names its node', async () => {
    const graph = `name: big-refunds
trigger: { connector: stripe, event: charge.refunded }
nodes:
  - { id: big, type: condition, when: { field: data.object.amount, operator: greater_than, value: 1000 } }
  - { id: ledger, type: forward, url: "https://ledger.example.com/in" }
  - { id: tell, type: notify, channel: payments, text: "big refund {{ id }}" }
edges:
  - { from: trigger, to: big }
  - { from: big, to: ledger, branch: "true" }
  - { from: big, to: tell, branch: "true" }
  - { from: big, to: ledger, branch: "false" }
`;
    const out = capture();
    await runWorkflowsApply(env, await file('graph.yaml', graph), {}, out.io);
    expect(out.lines).toEqual(['saved big-refunds version 1, active from the next webhook (undo: hub workflows rollback big-refunds)']);
    const shown = capture();
    await runWorkflowsShow(env, 'big-refunds', {}, shown.io);
    expect(shown.lines.join('\n')).toContain('branch: "true"');

    const broken = await codeOf(runWorkflowsApply(env, await file('broken.yaml', graph.replace('to: tell, branch: "true"', 'to: tel, branch: "true"')), {}, capture().io));
    expect(broken.code).toBe('HUB_WORKFLOW_INVALID');
    expect(broken.message).toContain('edges[2] (big -> tel): no node "tel" (to)');
    expect(broken.message).toContain('nodes[2] "tell": is not reachable from the trigger');
  });
});

describe('hub workflows apply --message', () => {
  it('saves the message with the version and show lists it beside the version', async () => {
    const text = yaml('noted').replace('name: refunds', 'name: noted');
    await runWorkflowsApply(env, await file('noted.yaml', text), { message: 'refund notices for the finance channel' }, capture().io);
    const shown = capture();
    await runWorkflowsShow(env, 'noted', {}, shown.io);
    expect(shown.lines.some((l) => /^ {2}v1 .* by cli:.*<- active {2}"refund notices for the finance channel"$/.test(l))).toBe(true);
    expect(await codeOf(runWorkflowsApply(env, await file('noted-long.yaml', text), { message: 'x'.repeat(501) }, capture().io))).toMatchObject({ code: 'HUB_WORKFLOW_INVALID' });
  });
});
