import { ApiError } from '../../api/console-api';

/**
 * A 404 from the router (no such route: a hub older than the API the page asks), not the API's own
 * "no such workflow / version" (HUB_WORKFLOW_*): the page says what it cannot show and goes on.
 */
export const notServed = (error: Error | undefined): boolean => error instanceof ApiError && error.status === 404 && !error.code.startsWith('HUB_WORKFLOW');
