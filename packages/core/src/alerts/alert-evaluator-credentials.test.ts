import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { CredentialStore, EnvMasterKeys } from '../credentials/index.js';
import { EventStore } from '../event-store/index.js';
import { AlertEvaluator } from './alert-evaluator.js';
import { AlertLifecycle } from './alert-lifecycle.js';

let db: TestDatabase;
let lifecycle: AlertLifecycle;
let credentials: CredentialStore;

beforeAll(async () => {
  db = await createTestDatabase('alert_creds');
  lifecycle = new AlertLifecycle({ pool: db.pool, store: new EventStore(db.pool), log: testLogger });
  credentials = new CredentialStore(db.pool, new EnvMasterKeys(`k1:${randomBytes(32).toString('base64')}`));
});
afterAll(async () => {
  await db.drop();
});

const evaluate = (connector: string) => new AlertEvaluator({ pool: db.pool, lifecycle, log: testLogger, connectors: [connector] }).evaluateOnce();
const statusOf = async (connector: string) => (await lifecycle.list({ connector, status: 'all' })).map((a) => a.status);

describe('AlertEvaluator: credentials_invalid', () => {
  it("stays open while only older credentials or another account's exist, and resolves once the account's credentials are stored again", async () => {
    await credentials.put('crm', 'acme', { clientId: 'old', clientSecret: 'old' }); // before the occurrence
    await lifecycle.open('crm', 'credentials_invalid', { evidence: { code: 'HUB_OAUTH_INVALID_GRANT', connector: 'crm', account: 'acme' } });
    await evaluate('crm');
    expect(await statusOf('crm')).toEqual(['open']);

    await credentials.put('crm', 'globex', { clientId: 'g', clientSecret: 'g' }); // another account
    await evaluate('crm');
    expect(await statusOf('crm')).toEqual(['open']);

    await credentials.put('crm', 'acme', { clientId: 'new', clientSecret: 'new', refreshToken: 'rt' });
    await evaluate('crm');
    const [alert] = await lifecycle.list({ connector: 'crm', status: 'all' });
    expect(alert).toMatchObject({ status: 'resolved', resolution: { reason: 'credentials stored again', account: 'acme' } });
  });

  it('compares on the database clock: an app host whose clock runs behind does not resolve the alert at once', async () => {
    // The token manager's sequence: mark the credentials invalid, then raise with markedAt; the app clock is 5 s behind the database's.
    const { storedAt } = await credentials.put('billing', '', { clientId: 'c', clientSecret: 's', failed: 'invalid_grant' });
    const behind = new AlertLifecycle({ pool: db.pool, store: new EventStore(db.pool), log: testLogger, now: () => new Date(Date.now() - 5_000) });
    await behind.open('billing', 'credentials_invalid', { evidence: { code: 'HUB_OAUTH_INVALID_GRANT', connector: 'billing', account: '', markedAt: storedAt } });
    await evaluate('billing');
    expect(await statusOf('billing')).toEqual(['open']);
    await credentials.put('billing', '', { clientId: 'c', clientSecret: 's', refreshToken: 'new' });
    await evaluate('billing');
    expect(await statusOf('billing')).toEqual(['resolved']);
  });

  it('is not resolved by a success of the connector (that is how permanent_failure recovers, not a dead grant)', async () => {
    await lifecycle.open('ledger', 'credentials_invalid', { evidence: { connector: 'ledger', account: '' } });
    await db.admin.query(`INSERT INTO events (id, stream, connector, type, data, created_at) VALUES (gen_random_uuid(), gen_random_uuid(), 'ledger', 'webhook.processed', '{}', now() + interval '1 hour')`);
    await new AlertEvaluator({ pool: db.pool, lifecycle, log: testLogger, connectors: ['ledger'], quietMs: 0 }).evaluateOnce();
    expect(await statusOf('ledger')).toEqual(['open']);
  });
});
