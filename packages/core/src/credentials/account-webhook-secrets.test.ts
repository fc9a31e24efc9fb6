import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { AccountWebhookSecrets } from './account-webhook-secrets.js';
import { CredentialStore } from './credential-store.js';
import { EnvMasterKeys } from './master-keys.js';

let db: TestDatabase;
let store: CredentialStore;

beforeAll(async () => {
  db = await createTestDatabase('acctsecrets');
  store = new CredentialStore(db.pool, new EnvMasterKeys(`k1:${Buffer.alloc(32, 2).toString('base64')}`));
  await store.put('shopify', 'shop-a.myshopify.com', { webhookSecret: 'shop-a-secret-new-0001, shop-a-secret-old-0002' });
  await store.put('shopify', 'shop-b.myshopify.com', { token: 'shpat_only_outbound' });
  await store.put('jira', 'acme', { webhookSecret: 'jira-acme-secret-00001' });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await db.drop();
});

describe('AccountWebhookSecrets', () => {
  it("answers an account's own secrets (comma-separated for a rotation), and none for an account without or unknown", async () => {
    const secrets = new AccountWebhookSecrets(store, ['shopify', 'jira']);
    expect(await secrets.secretsFor('shopify', 'shop-a.myshopify.com')).toEqual(['shop-a-secret-new-0001', 'shop-a-secret-old-0002']);
    expect(await secrets.secretsFor('shopify', 'shop-b.myshopify.com')).toBeUndefined();
    expect(await secrets.secretsFor('shopify', 'nobody.myshopify.com')).toBeUndefined();
    expect(await secrets.secretsFor('jira', 'acme')).toEqual(['jira-acme-secret-00001']);
    // A connector not declared multi-account has no per-account secrets, whatever is stored.
    expect(await new AccountWebhookSecrets(store, ['shopify']).secretsFor('jira', 'acme')).toBeUndefined();
  });

  it('sends a flood of requests for invented accounts to PostgreSQL once per ttl, not once per request', async () => {
    let now = 1_000_000;
    const secrets = new AccountWebhookSecrets(store, ['shopify'], { ttlMs: 30_000, now: () => now });
    const list = vi.spyOn(store, 'listAccounts');
    const get = vi.spyOn(store, 'get');
    await Promise.all(Array.from({ length: 2_000 }, (_, i) => secrets.secretsFor('shopify', `random-${i}.myshopify.com`)));
    expect(list).toHaveBeenCalledTimes(1);
    expect(get).not.toHaveBeenCalled();
    await Promise.all(Array.from({ length: 50 }, () => secrets.secretsFor('shopify', 'shop-a.myshopify.com')));
    expect(get).toHaveBeenCalledTimes(1);
    now += 30_001;
    await secrets.secretsFor('shopify', 'random-x.myshopify.com');
    expect(list).toHaveBeenCalledTimes(2);
    list.mockRestore();
    get.mockRestore();
  });

  it('sees a secret set after it started within the ttl, and keeps at most maxEntries decrypted', async () => {
    let now = 2_000_000;
    const secrets = new AccountWebhookSecrets(store, ['shopify'], { ttlMs: 5_000, maxEntries: 2, now: () => now });
    expect(await secrets.secretsFor('shopify', 'shop-c.myshopify.com')).toBeUndefined();
    await store.update('shopify', 'shop-c.myshopify.com', (current) => ({ ...current, webhookSecret: 'shop-c-secret-000001' }));
    expect(await secrets.secretsFor('shopify', 'shop-c.myshopify.com')).toBeUndefined(); // still the cached answer
    now += 5_001;
    expect(await secrets.secretsFor('shopify', 'shop-c.myshopify.com')).toEqual(['shop-c-secret-000001']);
    const get = vi.spyOn(store, 'get');
    await secrets.secretsFor('shopify', 'shop-a.myshopify.com');
    await secrets.secretsFor('shopify', 'shop-b.myshopify.com'); // evicts shop-c, the oldest
    await secrets.secretsFor('shopify', 'shop-c.myshopify.com');
    expect(get.mock.calls.map((c) => c[1])).toEqual(['shop-a.myshopify.com', 'shop-b.myshopify.com', 'shop-c.myshopify.com']);
    get.mockRestore();
  });
});
