import type { VerifyFailureReason } from '@hub/connector-sdk';
import type { CoreErrorCode } from '@hub/core/errors';

export const VERIFY_FAILURE_CODES: Record<VerifyFailureReason, CoreErrorCode> = {
  missing_signature: 'HUB_WEBHOOK_SIGNATURE_MISSING',
  invalid_signature: 'HUB_WEBHOOK_SIGNATURE_INVALID',
  stale_timestamp: 'HUB_WEBHOOK_TIMESTAMP_STALE',
  malformed: 'HUB_WEBHOOK_SIGNATURE_MALFORMED',
};
