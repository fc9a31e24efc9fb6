import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { spawnHub } from '../support/hub-process.js';
import { connectors } from '../support/repo-connectors.js';
import { spawnHubUp, type SpawnedHub } from '../support/spawned-hub.js';
import { waitFor } from '../support/wait-for.js';

// Anyone who can open a GitHub issue chooses its title. A workflow that tells Slack about new
// issues must not let that title ping the channel, mention a user or plant a link.
const GITHUB_SECRET = 'github-webhook-secret-escaping-0123';
const BOT_TOKEN = 'xoxb-escaping';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const HOSTILE_TITLE = '<!channel> <@U123> <https://evil.example|x>';
const HOSTILE_LOGIN = '<!here>&<#C0OPS>';

let fakeSlack: FakeSlack;
let running: SpawnedHub;

beforeAll(async () => {
  fakeSlack = await startFakeSlack({ token: BOT_TOKEN, channels: { ops: 'C0OPS' } });
  running = await spawnHubUp('slackescaping', [], { GITHUB_WEBHOOK_SECRET: GITHUB_SECRET, HUB_MASTER_KEYS: MASTER_KEYS, SLACK_BASE_URL: fakeSlack.url });
  await new CredentialStore(running.db.pool, new EnvMasterKeys(MASTER_KEYS)).put('slack', '', { token: BOT_TOKEN });
  const file = path.join(os.tmpdir(), `hub-escaping-${randomUUID()}.yaml`);
  await writeFile(
    file,
    stringify({
      name: 'new-issues',
      trigger: { connector: 'github', event: 'issues' },
      // The author's own formatting (bold) stays; only what the placeholders bring in is escaped.
      steps: [{ id: 'tell', type: 'notify', channel: 'ops', text: '*New issue* {{ issue.title }} by {{ issue.user.login }} ({{ issue.html_url }})' }],
    }),
  );
  const apply = spawnHub(['workflows', 'apply', file], running.env);
  expect(await apply.exited()).toBe(0);
}, 120_000);
afterAll(async () => {
  await running?.stop();
  await fakeSlack?.close();
});

describe('a GitHub issue whose title is Slack markup, posted by a notify step', () => {
  it('reaches Slack as text: no unescaped <!, <@, <# or <http, the author formatting kept', async () => {
    const fixture = structuredClone(connectors.github.fixtures.issues) as { issue: { title: string; user: { login: string } } };
    fixture.issue.title = HOSTILE_TITLE;
    fixture.issue.user.login = HOSTILE_LOGIN;
    const payload = JSON.stringify(fixture);
    const res = await fetch(`${running.ingressUrl}/webhooks/github`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': await githubSign(GITHUB_SECRET, payload), 'x-github-event': 'issues', 'x-github-delivery': randomUUID() },
      body: payload,
    });
    expect(res.status).toBe(202);

    const posted = await waitFor('the notify message at Slack', () => [...fakeSlack.messages.values()].find((m) => m.channel === 'C0OPS'), 30_000);
    const text = String(posted.text);
    expect(text).toBe('*New issue* &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|x&gt; by &lt;!here&gt;&amp;&lt;#C0OPS&gt; (https://github.com/octocat/Hello-World/issues/1347)');
    for (const markup of ['<!', '<@', '<#', '<http']) expect(text).not.toContain(markup);
  });
});
