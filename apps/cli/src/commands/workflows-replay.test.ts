import os from 'node:os';
import type { Connector } from '@hub/connector-sdk';
import http from '@hub/connector-http';
import stripe from '@hub/connector-stripe';
import { EventStore, serialiseReceivedData, WebhookIngestor } from '@hub/core/event-store';
import { validateWorkflow, WorkflowStore } from '@hub/core/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { runWorkflowsReplay, type WorkflowsReplayIo } from './workflows-replay.js';

const connectors: Record<string, Connector> = { stripe, http };
let db: TestDatabase;
let env: Record<string, string>;
const eventIds: string[] = [];

function capture(): { lines: string[]; io: WorkflowsReplayIo } {
  const lines: string[] = [];
  return { lines, io: { print: (line) => lines.push(line), connectors: async () => connectors } };
}

const ledger = (path: string) => validateWorkflow({ name: 'ledger', trigger: { connector: 'stripe', event: 'charge.refunded' }, steps: [{ id: 'post', type: 'action', connector: 'http', action: 'post', input: { url: `"https://ledger.example.com${path}"`, body: '{ "charge": data.object.id }' } }] }, connectors);

beforeAll(async () => {
  db = await createTestDatabase('workflows_replay_cli');
  env = { DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema };
  const workflows = new WorkflowStore(db.pool, new EventStore(db.pool));
  await workflows.saveVersion(ledger('/v1'), { actor: 'test' });
  await workflows.saveVersion(ledger('/v2'), { actor: 'test', activate: false });
  const fixture = stripe.fixtures['charge.refunded'] as { data: { object: object } };
  for (const id of ['ch_1', 'ch_2']) {
    const payload = { ...fixture, id: `evt_${id}`, data: { object: { ...fixture.data.object, id } } };
    const dataJson = serialiseReceivedData('charge.refunded', { 'content-type': 'application/json' }, JSON.stringify(payload));
    const { eventId } = await new WebhookIngestor(db.pool).ingest({ connector: 'stripe', account: null, providerEventId: `evt_${id}`, dataJson });
    eventIds.push(eventId);
    // Processed already (no worker here): a replay queues only what is neither waiting nor running.
    await new EventStore(db.pool).append([{ stream: eventId, connector: 'stripe', type: 'webhook.processed', data: { attempt: 1, actions: [] } }]);
  }
});
afterAll(async () => {
  await db.drop();
});

describe('hub workflows replay', () => {
  it('--dry-run prints per event the path and the call the version would make; records nothing', async () => {
    const { lines, io } = capture();
    await runWorkflowsReplay(env, 'ledger', { version: '2', from: '1h', dryRun: true }, io);
    expect(lines.filter((l) => l.startsWith('  would call post: http.post'))).toHaveLength(2);
    expect(lines.some((l) => l.includes('https://ledger.example.com/v2'))).toBe(true);
    // Nothing was called for these webhooks yet: v2 would call where nothing was called.
    expect(lines.at(-1)).toBe('2 event(s), 2 where v2 would call other than what was called. Replay them: the same command without --dry-run');
    const { rows } = await db.admin.query(`SELECT count(*)::int AS n FROM events WHERE type = 'webhook.replayed'`);
    expect(rows[0].n).toBe(0);
  });

  it('queues each event of the window again pinned to the workflow and version, with who asked', async () => {
    const { lines, io } = capture();
    await runWorkflowsReplay(env, 'ledger', { version: '2', from: '1h', reason: 'ledger v2 backfill' }, io);
    expect(lines[0]).toMatch(/^queued 2 event\(s\) to run ledger v2 only \(replay [0-9a-f-]{36}\)$/);
    const { rows } = await db.admin.query(`SELECT stream, actor, data FROM events WHERE type = 'webhook.replayed' ORDER BY id`);
    expect(rows.map((r) => r.stream)).toEqual(eventIds);
    expect(rows.every((r) => r.actor === `cli:${os.userInfo().username}` && r.data.workflow.name === 'ledger' && r.data.workflow.version === 2 && r.data.reason === 'ledger v2 backfill')).toBe(true);
    const outbox = await db.admin.query(`SELECT count(*)::int AS n FROM outbox WHERE replay AND event_id = ANY($1::uuid[])`, [eventIds]);
    expect(outbox.rows[0].n).toBe(2);
  });

  it('says what to type when --version or --from is missing, and refuses an unknown version', async () => {
    const { io } = capture();
    await expect(runWorkflowsReplay(env, 'ledger', { from: '1h' }, io)).rejects.toMatchObject({ code: 'HUB_CLI_USAGE' });
    await expect(runWorkflowsReplay(env, 'ledger', { version: '2' }, io)).rejects.toMatchObject({ code: 'HUB_CLI_USAGE' });
    await expect(runWorkflowsReplay(env, 'ledger', { version: '7', from: '1h', dryRun: true }, io)).rejects.toMatchObject({ code: 'HUB_WORKFLOW_VERSION_NOT_FOUND' });
  });
});
