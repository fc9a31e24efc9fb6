import { defineConnector, githubScheme } from '@hub/connector-sdk';
import { createIssueComment } from './actions/create-issue-comment.js';
import { IssuesEvent } from './events/issues.js';
import { PullRequestEvent } from './events/pull-request.js';
import { PushEvent } from './events/push.js';
import { issues } from './fixtures/issues.js';
import { pullRequest } from './fixtures/pull-request.js';
import { push } from './fixtures/push.js';
import { issuesToIssue } from './adapters/issue-to-issue.js';

// Event schemas are named `…Event` (as Octokit names them) so they do not clash with the
// `Issue` and `PullRequest` objects they carry.
export const github = defineConnector({
  id: 'github',
  version: '0.1.0',
  name: 'GitHub',
  webhook: {
    scheme: githubScheme(),
    eventId: { from: 'header', name: 'x-github-delivery' },
    eventType: { from: 'header', name: 'x-github-event' },
    // The repository (octocat/Hello-World), who sent it, the issue or pull request number, the pushed ref and commit.
    searchable: ['repository.full_name', 'sender.login', 'issue.number', 'pull_request.number', 'ref', 'after'],
  },
  events: {
    push: PushEvent,
    issues: IssuesEvent,
    pull_request: PullRequestEvent,
  },
  fixtures: {
    push,
    issues,
    pull_request: pullRequest,
  },
  actions: { create_issue_comment: createIssueComment },
  baseUrls: { production: 'https://api.github.com' },
  // A token (PAT or installation token) as `Authorization: Bearer …`.
  auth: { type: 'bearer' },
  adapters: { issues: issuesToIssue },
  // REST: 5,000 requests per hour per token.
  rateLimit: { points: 5_000, durationMs: 3_600_000 },
});

export default github;

export { IssuesEvent, PullRequestEvent, PushEvent };
export { CreateIssueCommentInput } from './actions/create-issue-comment.js';
export { IssueComment } from './objects/issue-comment.js';
