import { fillPath } from './declarative/fill-path.js';
import { ActionRequestError, PathValueRefusedError } from './errors.js';

/**
 * The path of `template` (`/repos/{owner}/{repo}/issues`) filled from `input`, each value
 * URL-encoded; throws HUB_CONNECTOR_PATH_VALUE_REFUSED for a value that could change the endpoint
 * (`..`, `/`, `%2f` …) and HUB_CONNECTOR_REQUEST_INVALID for a placeholder without a value.
 * Declared actions fill their `path` with it; a code action building a URL from its input should too.
 */
export function requirePath(connectorId: string, action: string, template: string, input: unknown): string {
  const filled = fillPath(template, input);
  if (filled.ok) return filled.path;
  if (filled.reason === 'unsafe') throw new PathValueRefusedError(connectorId, action, filled.placeholder, filled.value);
  throw new ActionRequestError(connectorId, action, `path placeholder {${filled.placeholder}} has no string or number value in the input`);
}
