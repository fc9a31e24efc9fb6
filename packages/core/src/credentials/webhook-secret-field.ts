/**
 * The credential field holding an account's own webhook secret(s), comma-separated during a
 * rotation, beside the account's outbound credential fields in the same row.
 */
export const WEBHOOK_SECRET_FIELD = 'webhookSecret';
