import { z } from 'zod';
import { Issue } from '../objects/issue.js';
import { Label } from '../objects/label.js';
import { User } from '../objects/user.js';
import { WebhookBase } from '../objects/webhook-base.js';

/** The actions GitHub documents for the `issues` event. */
export const IssuesAction = z.enum([
  'assigned',
  'closed',
  'deleted',
  'demilestoned',
  'edited',
  'labeled',
  'locked',
  'milestoned',
  'opened',
  'pinned',
  'reopened',
  'transferred',
  'typed',
  'unassigned',
  'unlabeled',
  'unlocked',
  'unpinned',
  'untyped',
]);
export type IssuesAction = z.infer<typeof IssuesAction>;

/** `issues`: an issue was opened, edited, closed, labelled … */
export const IssuesEvent = WebhookBase.extend({
  action: IssuesAction,
  issue: Issue,
  assignee: User.nullable().optional(),
  label: Label.optional(),
  changes: z.record(z.string(), z.unknown()).optional(),
});
export type IssuesEvent = z.infer<typeof IssuesEvent>;
