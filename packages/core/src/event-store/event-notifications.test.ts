import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { EventNotifications, type EventChange } from './event-notifications.js';
import { EventStore } from './event-store.js';

let db: TestDatabase;
/** A pool of its own, named, so the test can find and kill its LISTEN connection (other files listen on the same channel). */
let pool: pg.Pool;
let applicationName: string;

const namedPool = () => new pg.Pool({ connectionString: db.url, options: `-c search_path=${db.schema} -c role=hub_app`, application_name: applicationName, max: 4 });

beforeAll(async () => {
  db = await createTestDatabase('eventnotify');
  applicationName = `notify-${db.schema}`;
  pool = namedPool();
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

async function append(connector: string): Promise<string> {
  const stream = uuidv7();
  await new EventStore(pool).append([{ stream, connector, type: 'webhook.received', data: {} }]);
  return stream;
}

async function listeningPid(): Promise<number | undefined> {
  const { rows } = await db.admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query = 'LISTEN hub_events' AND state = 'idle'`, [applicationName]);
  return rows[0]?.pid;
}

describe('EventNotifications', () => {
  it("announces each committed statement of this schema with its ids, and not another schema's", async () => {
    const notifications = new EventNotifications(pool, testLogger);
    const seen: EventChange[] = [];
    try {
      notifications.subscribe((change) => seen.push(change));
      await notifications.ready();
      await db.admin.query(`SELECT pg_notify('hub_events', $1)`, [JSON.stringify({ s: 'some_other_hub', c: ['elsewhere'], t: ['webhook.received'], e: [uuidv7()], more: false })]);
      const stream = await append('notifyco');
      await waitFor('the announcement', () => seen.length >= 1);
      expect(seen).toEqual([{ connectors: ['notifyco'], types: ['webhook.received'], streams: [stream], more: false }]);
    } finally {
      await notifications.close();
    }
  });

  it('listens again after its connection is lost', async () => {
    const notifications = new EventNotifications(pool, testLogger);
    const seen: EventChange[] = [];
    try {
      notifications.subscribe((change) => seen.push(change));
      await notifications.ready();
      const first = await waitFor('the LISTEN connection', listeningPid);
      await db.admin.query('SELECT pg_terminate_backend($1)', [first]);
      await waitFor('a new LISTEN connection', async () => {
        const pid = await listeningPid();
        return pid !== undefined && pid !== first;
      });
      await append('afterloss');
      await waitFor('the announcement after the loss', () => seen.some((c) => c.connectors.includes('afterloss')));
    } finally {
      await notifications.close();
    }
  });

  it('gives its connection back on close, also when closed while still connecting, so the pool can end', async () => {
    const own = namedPool();
    try {
      const listening = new EventNotifications(own, testLogger);
      listening.subscribe(() => undefined);
      await listening.ready();
      expect(own.totalCount).toBe(1);
      await listening.close();
      expect(own.totalCount).toBe(0);

      const connecting = new EventNotifications(own, testLogger);
      connecting.subscribe(() => undefined);
      await connecting.close();
      expect(own.totalCount).toBe(0);
    } finally {
      await own.end();
    }
  });
});
