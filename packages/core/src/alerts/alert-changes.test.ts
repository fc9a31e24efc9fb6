import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../event-store/index.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { AlertChanges, type AlertChange } from './alert-changes.js';
import { AlertLifecycle } from './alert-lifecycle.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('alertchanges');
});
afterAll(async () => {
  await db.drop();
});

describe('alert changes', () => {
  it('announces each committed alert change of this schema, and nothing else the events table announces', async () => {
    const changes = new AlertChanges(db.pool, testLogger);
    const seen: AlertChange[] = [];
    try {
      changes.subscribe((change) => seen.push(change));
      await changes.ready();
      const store = new EventStore(db.pool);
      await store.append([{ stream: uuidv7(), connector: 'changeco', type: 'webhook.received', data: {} }]);
      const alerts = new AlertLifecycle({ pool: db.pool, store, log: testLogger });
      const opened = await alerts.open('changeco', 'permanent_failure', { evidence: {} });
      await alerts.acknowledge(opened?.alert.id as string, 'slack:U0ALICE');
      await alerts.resolveById(opened?.alert.id as string, 'slack:U0ALICE');
      // Announcements are coalesced (at most one per 100 ms): the three changes may arrive together.
      const types = () => new Set(seen.flatMap((c) => c.types));
      await waitFor('three alert changes', () => types().size >= 3);
      expect(types()).toEqual(new Set(['alert.raised', 'alert.acknowledged', 'alert.resolved']));
      expect(new Set(seen.flatMap((c) => c.connectors))).toEqual(new Set(['changeco']));
    } finally {
      await changes.close();
    }
  });
});
