import { isHubError } from '../hub-error.js';

/**
 * The code to record when an evaluation stopped at a limit (the author needs to know it was the
 * limit, not the data): HUB_JSONATA_TIMEOUT or HUB_JSONATA_RESOURCE_LIMIT; undefined otherwise.
 */
export function jsonataLimitCode(err: unknown): 'HUB_JSONATA_TIMEOUT' | 'HUB_JSONATA_RESOURCE_LIMIT' | undefined {
  if (!isHubError(err)) return undefined;
  return err.code === 'HUB_JSONATA_TIMEOUT' || err.code === 'HUB_JSONATA_RESOURCE_LIMIT' ? err.code : undefined;
}
