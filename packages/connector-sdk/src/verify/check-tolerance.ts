import { WebhookToleranceError } from '../errors.js';

/** Returns the tolerance when it is a positive finite number of seconds; throws HUB_WEBHOOK_TOLERANCE_INVALID otherwise. */
export function checkTolerance(toleranceSeconds: number): number {
  if (typeof toleranceSeconds !== 'number' || !Number.isFinite(toleranceSeconds) || toleranceSeconds <= 0) {
    throw new WebhookToleranceError(toleranceSeconds);
  }
  return toleranceSeconds;
}
