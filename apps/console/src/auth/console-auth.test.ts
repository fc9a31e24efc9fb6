import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { bearerToken, ConsoleAuth } from './console-auth.js';

let db: TestDatabase;
let tokens: ApiTokenStore;
const BOOTSTRAP = 'bootstrap-token-0123456789-abcdefghij';

beforeAll(async () => {
  db = await createTestDatabase('consoleauth');
  tokens = new ApiTokenStore(db.pool);
});
afterAll(async () => {
  await db.drop();
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header in any case, and nothing else', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('BEARER \tabc ')).toBe('abc');
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearerabc', 'Bearer a b', 'Token abc']) expect(bearerToken(header)).toBeUndefined();
  });
});

describe('ConsoleAuth', () => {
  it('the bootstrap token is an operator recorded as api:HUB_CONSOLE_TOKEN; a prefix or an extension of it is nobody', async () => {
    const auth = new ConsoleAuth({ tokens, bootstrapToken: BOOTSTRAP, openReadsWithoutCredential: true });
    expect(await auth.principalFor(BOOTSTRAP)).toEqual({ name: 'HUB_CONSOLE_TOKEN', role: 'operator', actor: 'api:HUB_CONSOLE_TOKEN' });
    expect(await auth.principalFor(BOOTSTRAP.slice(0, -1))).toBeUndefined();
    expect(await auth.principalFor(`${BOOTSTRAP}0`)).toBeUndefined();
    // A bootstrap token closes the open development reads.
    expect(await auth.anonymousReadsAllowed()).toBe(false);
  });

  it('a named token stands for its name and role until revoked; its hash, not the token, is stored', async () => {
    const auth = new ConsoleAuth({ tokens, openReadsWithoutCredential: false });
    const { token } = await tokens.create({ name: 'viewer-1', role: 'viewer', actor: 'test' });
    expect(token).toMatch(/^hubtok_[A-Za-z0-9_-]{43}$/);
    expect(await auth.principalFor(token)).toEqual({ name: 'viewer-1', role: 'viewer', actor: 'api:viewer-1' });
    const { rows } = await db.admin.query(`SELECT count(*)::int AS n FROM api_tokens WHERE position(convert_to($1, 'UTF8') in token_hash) > 0`, [token]);
    expect(rows[0].n).toBe(0);
    await tokens.revoke('viewer-1', 'test');
    expect(await auth.principalFor(token)).toBeUndefined();
  });

  it('opens reads without a token only in development while no credential exists', async () => {
    const production = new ConsoleAuth({ tokens, openReadsWithoutCredential: false });
    expect(await production.anonymousReadsAllowed()).toBe(false);
    const development = new ConsoleAuth({ tokens, openReadsWithoutCredential: true });
    expect(await development.anonymousReadsAllowed()).toBe(true);
    await tokens.create({ name: 'operator-1', role: 'operator', actor: 'test' });
    // Within the 2 s the answer is reused, then the new token closes it.
    const fresh = new ConsoleAuth({ tokens, openReadsWithoutCredential: true });
    expect(await fresh.anonymousReadsAllowed()).toBe(false);
    expect(await fresh.hasCredential()).toBe(true);
  });

  it('refuses a second active token of one name, an unknown role and the reserved name', async () => {
    await tokens.create({ name: 'dup', role: 'viewer', actor: 'test' });
    await expect(tokens.create({ name: 'dup', role: 'viewer', actor: 'test' })).rejects.toMatchObject({ code: 'HUB_API_TOKEN_INVALID' });
    await expect(tokens.create({ name: 'x', role: 'admin', actor: 'test' })).rejects.toMatchObject({ code: 'HUB_API_TOKEN_INVALID' });
    await expect(tokens.create({ name: 'HUB_CONSOLE_TOKEN', role: 'operator', actor: 'test' })).rejects.toMatchObject({ code: 'HUB_API_TOKEN_INVALID' });
    await expect(tokens.revoke('nobody', 'test')).rejects.toMatchObject({ code: 'HUB_API_TOKEN_NOT_FOUND' });
    // Revoked, the name is free again.
    await tokens.revoke('dup', 'test');
    await expect(tokens.create({ name: 'dup', role: 'operator', actor: 'test' })).resolves.toMatchObject({ record: { name: 'dup', role: 'operator' } });
  });
});
