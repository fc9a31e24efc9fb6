import type { RouteConfig } from '@hub/core/routes';

/** The path the comment route posts to at the provider (GITHUB_BASE_URL). */
export const COMMENT_PATH = '/repos/acme/payments/issues/7/comments';

/**
 * A non-idempotent call for tests: Stripe payment_intent.succeeded -> a GitHub issue comment that
 * names our event id (GitHub takes no idempotency key: every request that arrives comments).
 */
export function githubCommentRoute(): RouteConfig {
  return {
    name: 'comment',
    on: { connector: 'stripe', event: 'payment_intent.succeeded' },
    action: { connector: 'github', name: 'create_issue_comment' },
    input: '{ "owner": "acme", "repo": "payments", "issue_number": 7, "body": "Paid " & data.object.id & " " & $eventId }',
  };
}
