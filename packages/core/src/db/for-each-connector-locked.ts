import type pg from 'pg';
import type { Logger } from '../logger/index.js';
import { withAdvisoryLock } from './with-advisory-lock.js';

/**
 * Runs a periodic job once per connector, each under its own advisory lock (`<job>:<connector>`),
 * so across replicas one runs a connector at a time while the others take other connectors. A
 * connector whose run fails is logged and left for the next interval; the rest go on.
 */
export async function forEachConnectorLocked<T>(pool: pg.Pool, job: string, connectors: readonly string[], log: Logger, work: (connector: string) => Promise<T[]>): Promise<T[]> {
  const results: T[] = [];
  for (const connector of connectors) {
    try {
      const run = await withAdvisoryLock(pool, `${job}:${connector}`, () => work(connector));
      if (run.ran) results.push(...run.result);
    } catch (err) {
      log.warn({ err, connector, job }, `${job} of a connector failed; it runs again next interval`);
    }
  }
  return results;
}
