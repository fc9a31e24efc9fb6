import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { withTransaction } from '../db/index.js';
import { EventNotifications, type EventChange } from './event-notifications.js';
import { EventStore } from './event-store.js';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('announcer');
  pool = new pg.Pool({ connectionString: db.url, options: `-c search_path=${db.schema} -c role=hub_app`, max: 6 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

async function listening(work: (seen: EventChange[]) => Promise<void>): Promise<void> {
  const notifications = new EventNotifications(pool, testLogger);
  const seen: EventChange[] = [];
  try {
    notifications.subscribe((change) => seen.push(change));
    await notifications.ready();
    await work(seen);
  } finally {
    await notifications.close();
  }
}

const received = (connector: string) => ({ stream: uuidv7(), connector, type: 'webhook.received', data: {} });

describe('ChangeAnnouncer (live updates announced after commit, migration 0023)', () => {
  it('coalesces the appends of many concurrent writers into few notifications naming every stream', async () => {
    await listening(async (seen) => {
      const store = new EventStore(pool);
      const events = Array.from({ length: 40 }, () => received('announceco'));
      await Promise.all(events.map((e) => store.append([e])));
      const named = () => new Set(seen.flatMap((c) => c.streams));
      await waitFor('every stream announced', () => named().size >= 40);
      expect(named()).toEqual(new Set(events.map((e) => e.stream)));
      // 40 statements, a handful of NOTIFYs (one per 100 ms at most).
      expect(seen.length).toBeLessThan(10);
      expect(new Set(seen.flatMap((c) => c.connectors))).toEqual(new Set(['announceco']));
    });
  });

  it('announces a transaction once it commits, and a rolled-back one never', async () => {
    await listening(async (seen) => {
      const store = new EventStore(pool);
      const kept = received('txco');
      const dropped = received('txco');
      let seenBeforeCommit = -1;
      await withTransaction(pool, async (client) => {
        await store.append([kept], client);
        // Longer than the announcer's 100 ms: nothing may be announced before the COMMIT.
        await new Promise((resolve) => setTimeout(resolve, 300));
        seenBeforeCommit = seen.length;
      });
      await expect(
        withTransaction(pool, async (client) => {
          await store.append([dropped], client);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await waitFor('the committed stream', () => seen.some((c) => c.streams.includes(kept.stream)));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seenBeforeCommit).toBe(0);
      expect(seen.flatMap((c) => c.streams)).not.toContain(dropped.stream);
    });
  });

  it('names at most 100 streams in one notification and says there were more', async () => {
    await listening(async (seen) => {
      const events = Array.from({ length: 150 }, () => received('manyco'));
      await new EventStore(pool).append(events);
      await waitFor('the announcement', () => seen.length >= 1);
      expect(seen[0]?.streams).toHaveLength(100);
      expect(seen[0]?.more).toBe(true);
    });
  });

  it('writers no longer notify inside their own transaction: a plain INSERT into events sends nothing', async () => {
    await listening(async (seen) => {
      await db.admin.query(`INSERT INTO events (id, stream, connector, type, data) VALUES ($1, $1, 'plainco', 'webhook.received', '{}')`, [uuidv7()]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(seen).toEqual([]);
    });
  });
});
