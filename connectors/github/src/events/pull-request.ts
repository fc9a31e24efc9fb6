import { z } from 'zod';
import { PullRequest as PullRequestObject } from '../objects/pull-request.js';
import { WebhookBase } from '../objects/webhook-base.js';

/** The actions GitHub documents for the `pull_request` event. */
export const PullRequestAction = z.enum([
  'assigned',
  'auto_merge_disabled',
  'auto_merge_enabled',
  'closed',
  'converted_to_draft',
  'demilestoned',
  'dequeued',
  'edited',
  'enqueued',
  'labeled',
  'locked',
  'milestoned',
  'opened',
  'ready_for_review',
  'reopened',
  'review_request_removed',
  'review_requested',
  'synchronize',
  'unassigned',
  'unlabeled',
  'unlocked',
]);
export type PullRequestAction = z.infer<typeof PullRequestAction>;

/** `pull_request`: opened, synchronised, closed (merged or not) … */
export const PullRequestEvent = WebhookBase.extend({
  action: PullRequestAction,
  number: z.number().int().positive(),
  pull_request: PullRequestObject,
  changes: z.record(z.string(), z.unknown()).optional(),
});
export type PullRequestEvent = z.infer<typeof PullRequestEvent>;
