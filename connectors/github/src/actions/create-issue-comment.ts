import { defineAction, requireBaseUrl, requirePath } from '@hub/connector-sdk';
import { z } from 'zod';
import { IssueComment } from '../objects/issue-comment.js';

export const CreateIssueCommentInput = z.object({
  /** Account that owns the repository (not case sensitive). */
  owner: z.string().min(1),
  repo: z.string().min(1),
  /** Issue or pull request number. */
  issue_number: z.number().int().positive(),
  /** Markdown. */
  body: z.string().min(1),
});
export type CreateIssueCommentInput = z.infer<typeof CreateIssueCommentInput>;

/**
 * POST /repos/{owner}/{repo}/issues/{issue_number}/comments. GitHub takes no idempotency key,
 * so a retry after a lost answer can comment twice: the action is not idempotent.
 */
export const createIssueComment = defineAction({
  description: 'Comment on an issue or a pull request',
  input: CreateIssueCommentInput,
  output: IssueComment,
  idempotent: false,
  async run(ctx, input) {
    const base = requireBaseUrl(ctx, 'github', 'create_issue_comment');
    // An owner or repo of `..` (or `%2e%2e`) would otherwise comment somewhere else.
    const path = requirePath('github', 'create_issue_comment', '/repos/{owner}/{repo}/issues/{issue_number}/comments', input);
    return ctx.http.request({
      method: 'POST',
      url: `${base}${path}`,
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json' },
      body: { body: input.body },
    });
  },
});
