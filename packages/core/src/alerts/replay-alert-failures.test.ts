import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../event-store/index.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { AlertLifecycle } from './alert-lifecycle.js';
import { replayAlertFailures } from './replay-alert-failures.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('alertreplay');
});
afterAll(async () => {
  await db.drop();
});

/** A webhook of `connector` whose lifecycle events happened `minutesAgo` (last one decides its status). */
async function webhook(connector: string, minutesAgo: number, lifecycle: string[]): Promise<string> {
  const id = uuidv7();
  const at = `now() - interval '${minutesAgo} minutes'`;
  await db.admin.query(`INSERT INTO events (id, stream, connector, type, data, created_at) VALUES ($1, $1, $2, 'webhook.received', '{"eventType":"charge.failed"}', ${at})`, [id, connector]);
  for (const type of lifecycle) await db.admin.query(`INSERT INTO events (id, stream, connector, type, data, created_at) VALUES ($1, $2, $3, $4, '{"class":"permanent"}', ${at})`, [uuidv7(), id, connector, type]);
  return id;
}

describe('Replay failed', () => {
  it("replays the connector's events dead-lettered or quarantined since the alert's failures began (and its samples), once", async () => {
    const old = await webhook('replayco', 60, ['webhook.dead_lettered']);
    const sample = await webhook('replayco', 45, ['webhook.dead_lettered']);
    const beforeOpening = await webhook('replayco', 5, ['webhook.dead_lettered']);
    const recovered = await webhook('replayco', 4, ['webhook.dead_lettered', 'webhook.replayed', 'webhook.processed']);
    const quarantined = await webhook('replayco', 0, ['webhook.quarantined']);
    const otherConnector = await webhook('otherco', 1, ['webhook.dead_lettered']);
    const alerts = new AlertLifecycle({ pool: db.pool, store: new EventStore(db.pool), log: testLogger });
    const alert = (await alerts.open('replayco', 'permanent_failure', { evidence: {}, sampleEventId: sample }))?.alert;
    if (!alert) throw new Error('no alert');

    const report = await replayAlertFailures(db.pool, alert, 'slack:U0ALICE');
    expect(report.eventIds.sort()).toEqual([sample, beforeOpening, quarantined].sort());
    expect(report.eventIds).not.toContain(old);
    expect(report.eventIds).not.toContain(recovered);
    expect(report.eventIds).not.toContain(otherConnector);
    const { rows } = await db.admin.query(`SELECT stream, actor FROM events WHERE type = 'webhook.replayed' AND actor = 'slack:U0ALICE' ORDER BY stream`);
    expect(rows.map((r: { stream: string }) => r.stream)).toEqual([sample, beforeOpening, quarantined].sort());
    const outbox = await db.admin.query(`SELECT event_id FROM outbox WHERE replay ORDER BY event_id`);
    expect(outbox.rows.map((r: { event_id: string }) => r.event_id)).toEqual([sample, beforeOpening, quarantined].sort());

    // Pressed again: they are queued now, not in the DLQ.
    expect((await replayAlertFailures(db.pool, alert, 'slack:U0ALICE')).replayed).toBe(0);
  });
});
