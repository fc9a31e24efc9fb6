import type pg from 'pg';
import { createPool } from '../db/index.js';
import { hubError } from '../errors/index.js';

/** The role the events trigger lets delete (migration 0015). */
export const RETENTION_ROLE = 'hub_retention';

/**
 * A small pool whose connections run as hub_retention, checked at once: a user that may not
 * become the role gets HUB_RETENTION_ROLE_DENIED saying which GRANT is missing.
 */
export async function createRetentionPool({ url, schema }: { url: string; schema: string }): Promise<pg.Pool> {
  const pool = createPool({ url, schema, appRole: RETENTION_ROLE, max: 2 });
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (err) {
    await pool.end();
    if ((err as { code?: string }).code === '42501' || (err as { code?: string }).code === '22023') {
      throw hubError('HUB_RETENTION_ROLE_DENIED', `the database user of DATABASE_URL may not act as ${RETENTION_ROLE}; as the owner run: GRANT ${RETENTION_ROLE} TO ${new URL(url).username || '<user>'}`, { cause: err });
    }
    throw err;
  }
}
