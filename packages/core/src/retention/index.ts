export { runRetention, type RetentionOptions, type RetentionReport } from './run-retention.js';
export { createRetentionPool, RETENTION_ROLE } from './retention-pool.js';
export { EventArchive, idsIn, type ArchivedEventRow } from './event-archive.js';
export type { KeptReason } from './old-streams.js';
