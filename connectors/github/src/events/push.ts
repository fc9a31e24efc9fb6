import { z } from 'zod';
import { Commit } from '../objects/commit.js';
import { GitSha } from '../objects/git-sha.js';
import { WebhookBase } from '../objects/webhook-base.js';

/** `push`: commits pushed to a branch or tag (`after` is all zeros when the ref was deleted). */
export const PushEvent = WebhookBase.extend({
  ref: z.string().startsWith('refs/'),
  before: GitSha,
  after: GitSha,
  created: z.boolean(),
  deleted: z.boolean(),
  forced: z.boolean(),
  base_ref: z.string().nullable(),
  compare: z.string(),
  commits: z.array(Commit),
  head_commit: Commit.nullable(),
  pusher: z.object({ name: z.string(), email: z.string().nullable().optional() }).loose(),
});
export type PushEvent = z.infer<typeof PushEvent>;
