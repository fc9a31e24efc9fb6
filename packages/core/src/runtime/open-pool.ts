import type pg from 'pg';
import type { BaseConfig } from '../config/index.js';
import { createPool } from '../db/index.js';

/** A database pool on the configured database, schema and application role (DATABASE_POOL_MAX connections unless `max` says otherwise). */
export function openPool(config: BaseConfig, max = config.DATABASE_POOL_MAX): pg.Pool {
  return createPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, appRole: config.DATABASE_APP_ROLE === 'none' ? '' : config.DATABASE_APP_ROLE, max });
}
