import { HubError, isHubError, type HubErrorOptions } from '@hub/connector-sdk';
import { CoreErrorCodes, type CoreErrorCode } from './registry.js';

export { HubError, isHubError, CoreErrorCodes, type CoreErrorCode };

/** Raises a registered core error; retryability comes from the registry unless overridden. */
export function hubError(code: CoreErrorCode, message: string, options: HubErrorOptions = {}): HubError {
  return new HubError(code, message, { retryable: CoreErrorCodes[code].retryable, ...options });
}
