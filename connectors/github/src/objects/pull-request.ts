import { z } from 'zod';
import { GitSha } from './git-sha.js';
import { Label } from './label.js';
import { Repository } from './repository.js';
import { User } from './user.js';

/** One side of a pull request; `repo` is null once a fork is deleted. */
export const PullRequestRef = z
  .object({ label: z.string(), ref: z.string(), sha: GitSha, user: User, repo: Repository.nullable() })
  .loose();
export type PullRequestRef = z.infer<typeof PullRequestRef>;

/** The webhook `pull_request` object. */
export const PullRequest = z
  .object({
    id: z.number().int().positive(),
    node_id: z.string(),
    url: z.string(),
    html_url: z.string(),
    number: z.number().int().positive(),
    state: z.enum(['open', 'closed']),
    locked: z.boolean(),
    title: z.string(),
    user: User,
    body: z.string().nullable(),
    labels: z.array(Label),
    created_at: z.string(),
    updated_at: z.string(),
    closed_at: z.string().nullable(),
    merged_at: z.string().nullable(),
    merge_commit_sha: GitSha.nullable(),
    draft: z.boolean(),
    head: PullRequestRef,
    base: PullRequestRef,
    merged: z.boolean().optional(),
    commits: z.number().int().nonnegative().optional(),
    additions: z.number().int().nonnegative().optional(),
    deletions: z.number().int().nonnegative().optional(),
    changed_files: z.number().int().nonnegative().optional(),
  })
  .loose();
export type PullRequest = z.infer<typeof PullRequest>;
