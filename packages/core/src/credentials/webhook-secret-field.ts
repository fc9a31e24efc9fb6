/**
 * The credential field holding an account's own webhook secret(s), comma-separated during a
 * rotation, beside the account's outbound credential fields in the same row.
 */
export const WEBHOOK_SECRET_FIELD = 'webhookSecret';

/**
 * What the account segment of `/webhooks/<connector>/<account>` may hold: shop domains, site
 * names, tenant ids — nothing that needs escaping, nothing a path could hide.
 */
export const WEBHOOK_ACCOUNT_PATTERN = /^[A-Za-z0-9._:@-]{1,200}$/;
