export { createPool, type PoolOptions } from './pool.js';
export { ensureDatabase } from './ensure-database.js';
export { migrate, DEFAULT_MIGRATIONS_DIR, type MigrateOptions, type MigrateResult } from './migrate.js';
export { isConnectionError } from './is-connection-error.js';
export { withTransaction, type TransactionOptions } from './with-transaction.js';
export { withAdvisoryLock, type LockedRun } from './with-advisory-lock.js';
export { forEachConnectorLocked } from './for-each-connector-locked.js';
export { afterCommit } from './after-commit.js';
export { prepared } from './prepared-statement.js';
