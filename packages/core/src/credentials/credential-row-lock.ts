import type pg from 'pg';

/**
 * Locks one credential row's (connector, account) until the transaction ends, whether the row
 * exists yet or not (FOR UPDATE locks nothing on a row still to be inserted).
 */
export async function lockCredentialRow(client: pg.PoolClient, connector: string, account: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`hub.credentials:${connector}/${account}`]);
}
