import { sign, verify } from '@octokit/webhooks-methods';
import { buildTestDelivery } from '@hub/connector-sdk';
import { describe, expect, it } from 'vitest';
import { loadSimulatorEntry, startCatalogSimulator } from '@hub/simulators';
import { describeConnector } from '@hub/connector-sdk/testing';
import githubDefault, { github, IssuesEvent, PullRequestEvent, PushEvent } from './index.js';

describeConnector(github, { simulator: () => startCatalogSimulator(loadSimulatorEntry(new URL('..', import.meta.url))) });

const SECRET = 'It’s a Secret to Everybody';
const NOW_MS = 1_724_335_400_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are mutated freely to build invalid payloads
type Json = Record<string, any>;
const fixture = (type: keyof typeof github.fixtures): Json => structuredClone(github.fixtures[type]) as Json;

describe('github connector', () => {
  it('is the default export as well as the named one', () => {
    expect(githubDefault).toBe(github);
    expect(github.secretEnvName).toBe('GITHUB_WEBHOOK_SECRET');
  });

  it('reads the delivery id and event name from the x-github-* headers', () => {
    const delivery = buildTestDelivery(github, 'pull_request', { secret: SECRET, nowMs: NOW_MS });
    expect(delivery.headers['x-github-event']).toBe('pull_request');
    expect(delivery.headers['x-github-delivery']).toBe(delivery.providerEventId);
  });

  it("builds deliveries whose signature Octokit's verify accepts", async () => {
    const delivery = buildTestDelivery(github, 'push', { secret: SECRET, nowMs: NOW_MS });
    const body = delivery.body.toString('utf8');
    expect(await verify(SECRET, body, delivery.headers['x-hub-signature-256']!)).toBe(true);
    expect(delivery.headers['x-hub-signature-256']).toBe(await sign(SECRET, body));
  });

  it('accepts repository dates as Unix seconds in push payloads and ISO strings elsewhere', () => {
    expect(typeof fixture('push').repository.created_at).toBe('number');
    expect(typeof fixture('issues').repository.created_at).toBe('string');
    expect(PushEvent.safeParse(fixture('push')).success).toBe(true);
  });

  it('rejects a push whose after is not a full commit SHA', () => {
    const event = fixture('push');
    event.after = '7638417';
    expect(PushEvent.safeParse(event).success).toBe(false);
  });

  it('accepts a push that deleted a branch (no head commit)', () => {
    const event = fixture('push');
    Object.assign(event, { deleted: true, after: '0'.repeat(40), commits: [], head_commit: null });
    expect(PushEvent.safeParse(event).success).toBe(true);
  });

  it('rejects an issues action GitHub does not document', () => {
    const event = fixture('issues');
    event.action = 'exploded';
    expect(IssuesEvent.safeParse(event).success).toBe(false);
  });

  it('rejects a pull request in an unknown state', () => {
    const event = fixture('pull_request');
    event.pull_request.state = 'merged';
    expect(PullRequestEvent.safeParse(event).success).toBe(false);
  });

  it('accepts a pull request whose fork was deleted (head.repo null)', () => {
    const event = fixture('pull_request');
    event.pull_request.head.repo = null;
    expect(PullRequestEvent.safeParse(event).success).toBe(true);
  });

  it('puts owner and repo in the path URL-encoded, and refuses a name that would reach another route', async () => {
    const sent: string[] = [];
    const ctx = {
      idempotencyKey: 'k',
      baseUrl: 'https://api.github.com/',
      http: {
        request: async (req: { url: string }) => {
          sent.push(req.url);
          return { status: 201, headers: {}, body: {} };
        },
      },
    };
    await github.actions.create_issue_comment.run(ctx, { owner: 'octo cat', repo: '.github', issue_number: 1, body: 'hi' });
    expect(sent).toEqual(['https://api.github.com/repos/octo%20cat/.github/issues/1/comments']);
    for (const [owner, repo] of [['octo/cat', 'x'], ['octo', '../x'], ['..', 'x'], ['octo', '%2e%2e']] as const) {
      const err = await github.actions.create_issue_comment.run(ctx, { owner, repo, issue_number: 1, body: 'hi' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'HUB_CONNECTOR_PATH_VALUE_REFUSED' });
    }
    expect(sent).toHaveLength(1);
  });
});
