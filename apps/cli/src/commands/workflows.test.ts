import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration, type Connector } from '@hub/connector-sdk';
import http from '@hub/connector-http';
import stripe from '@hub/connector-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { runWorkflowsApply, runWorkflowsCanary, runWorkflowsList, runWorkflowsRollback, runWorkflowsShow, runWorkflowsSwitch, type WorkflowsIo } from './workflows.js';

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
