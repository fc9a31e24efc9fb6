import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import type { FakeSlack, FakeSlackView } from '@hub/simulators';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { connectors as repoConnectors, yamlConnector } from '../support/repo-connectors.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-app.js';
import type { SlackTestClient } from '../support/slack-requests.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'whsec_slack_workflows';
const OPERATOR = 'U0OPERATOR';
const VIEWER = 'U0VIEWER';
const PAYMENTS = 'C0PAY';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;

let harness: SlackHarness;
let hub: TestHub;
let downstream: Downstream;
let slack: FakeSlack;
let client: SlackTestClient;

const connectors = { ...repoConnectors, slack: await yamlConnector('slack') };
const fixture = connectors.stripe.fixtures['payment_intent.succeeded'] as { data: { object: Record<string, unknown> } };
/** A payment_intent.succeeded of `amount` cents, signed by Stripe's SDK; returns our event id. */
const payment = (id: string, amount: number) => postStripeEvent(hub.ingress, `evt_${id}`, SECRET, { data: { ...fixture.data, object: { ...fixture.data.object, id: `pi_${id}`, amount } } });

async function lastStatus(eventId: string): Promise<string | undefined> {
  const { rows } = await hub.db.admin.query<{ type: string }>(`SELECT type FROM events WHERE stream = $1 AND type IN ('webhook.processed','webhook.dead_lettered','webhook.quarantined') ORDER BY id DESC LIMIT 1`, [eventId]);
  return rows[0]?.type;
}
async function processed(eventId: string): Promise<void> {
  try {
    await waitFor(`${eventId} processed`, async () => (await lastStatus(eventId)) === 'webhook.processed');
  } catch (err) {
    const { rows } = await hub.db.admin.query(`SELECT type, data FROM events WHERE stream = $1 ORDER BY id`, [eventId]);
    throw new Error(`${(err as Error).message}; its events: ${JSON.stringify(rows).slice(0, 3_000)}`, { cause: err });
  }
}
const comments = () => downstream.sideEffects.filter((r) => r.path === '/repos/acme/payments/issues/7/comments');
const notifications = () => [...slack.messages.values()].filter((m) => m.channel === PAYMENTS).map((m) => m.text);

/** The values of the first view: name, trigger, target action, channel. */
const triggerValues = (name: string, target = 'github|create_issue_comment') => ({
  name: { value: { type: 'plain_text_input', value: name } },
  trigger: { value: { type: 'static_select', selected_option: { value: 'stripe|payment_intent.succeeded' } } },
  target: { value: { type: 'static_select', selected_option: { value: target } } },
  notify: { value: { type: 'conversations_select', selected_conversation: PAYMENTS } },
});
const input = (value: string | null) => ({ value: { type: 'plain_text_input', value } });
const detailValues = (notifyText: string, overrides: Record<string, unknown> = {}) => ({
  cond_field: input('data.object.amount'),
  cond_operator: { value: { type: 'static_select', selected_option: { value: 'greater_than' } } },
  cond_value: input('1000'),
  in_owner: input('"acme"'),
  in_repo: input('"payments"'),
  in_issue_number: input('7'),
  in_body: input('"Large payment " & data.object.id & ": " & $string(data.object.amount)'),
  notify_text: input(notifyText),
  ...overrides,
});

/** `/hub workflow new`, then the modal's first view submitted: returns the second view the app answered with. */
async function openDetails(name: string, user = OPERATOR, target?: string): Promise<Record<string, unknown>> {
  const command = await client.slash('workflow new', { user });
  expect(command.status).toBe(200);
  const opened = await waitFor('the modal opened', () => [...slack.views.values()].find((v: FakeSlackView) => v.triggerId === command.triggerId));
  const answer = await client.submit({ ...opened.view, id: opened.id }, triggerValues(name, target), { user });
  expect(answer.json).toMatchObject({ response_action: 'update', view: { callback_id: 'hub_workflow_new_details' } });
  return (answer.json as { view: Record<string, unknown> }).view;
}

async function saveWorkflow(name: string, notifyText: string): Promise<void> {
  const details = await openDetails(name);
  const saved = await client.submit(details, detailValues(notifyText), { user: OPERATOR });
  expect(saved.status).toBe(200);
  expect(saved.json?.response_action).toBeUndefined();
}

beforeAll(async () => {
  downstream = await startDownstream();
  const user = (connectors.github.fixtures.issues as { issue: { user: unknown } }).issue.user;
  // GitHub's answer to POST /repos/{owner}/{repo}/issues/{n}/comments (the action's output schema checks it).
  downstream.respondWith = (req, index) => {
    const at = new Date().toISOString();
    const url = `https://api.github.com/repos/acme/payments/issues/comments/${index + 1}`;
    const body = { id: index + 1, node_id: `IC_${index}`, url, html_url: url, issue_url: url, body: (req.body as { body?: string }).body ?? '', user, created_at: at, updated_at: at, author_association: 'OWNER' };
    return { status: 201, body: JSON.stringify(body) };
  };
  harness = await startSlackHarness(
    ({ slack: fake }) =>
      startTestHub({
        label: 'slackwf',
        secrets: { stripe: SECRET },
        env: { HUB_MASTER_KEYS: MASTER_KEYS, GITHUB_BASE_URL: downstream.url, SLACK_BASE_URL: fake.url },
        extraConnectors: { slack: connectors.slack },
        // Slack's documented 1 message/s per channel would pace the notifications of this test to one a second.
        connectorOverrides: { slack: { rateLimit: { points: 100, durationMs: 1_000 } } },
      }),
    { label: 'slack-workflows', operators: [OPERATOR], fakeSlack: { channels: { ops: 'C0OPS', payments: PAYMENTS } }, config: { HUB_OUTBOUND_ALLOWED_HOSTS: new Set() }, options: { catalog: connectors } },
  );
  ({ hub, slack, client } = harness);
  const credentials = new CredentialStore(hub.resources.pool, new EnvMasterKeys(MASTER_KEYS));
  await credentials.put('github', '', { token: 'ghp_workflow_test' });
  await credentials.put('slack', '', { token: harness.botToken });
});
afterAll(async () => {
  await harness?.stop();
  await downstream?.close();
});

describe('/hub workflow new', () => {
  it('opens a modal whose menus come from the connectors’ declarations', async () => {
    const command = await client.slash('workflow new', { user: OPERATOR });
    const opened = await waitFor('the modal opened', () => [...slack.views.values()].find((v) => v.triggerId === command.triggerId));
    const blocks = opened.view.blocks as { block_id: string; element: { option_groups?: { label: { text: string }; options: { value: string }[] }[] } }[];
    const triggers = blocks.find((b) => b.block_id === 'trigger')?.element.option_groups ?? [];
    expect(triggers.find((g) => g.label.text === 'stripe')?.options.map((o) => o.value)).toEqual(Object.keys(connectors.stripe.events).sort().map((e) => `stripe|${e}`));
    const targets = (blocks.find((b) => b.block_id === 'target')?.element.option_groups ?? []).flatMap((g) => g.options.map((o) => o.value));
    expect(targets).toEqual(expect.arrayContaining(['github|create_issue_comment', 'stripe|create_refund', 'forward']));
  });

  it('answers mistakes next to the fields and saves nothing', async () => {
    const command = await client.slash('workflow new', { user: OPERATOR });
    const opened = await waitFor('the modal opened', () => [...slack.views.values()].find((v) => v.triggerId === command.triggerId));
    const badName = await client.submit({ ...opened.view, id: opened.id }, triggerValues('Not A Name'), { user: OPERATOR });
    expect(badName.json).toMatchObject({ response_action: 'errors', errors: { name: expect.stringContaining('lower-case') } });

    const details = await openDetails('broken');
    const missing = await client.submit(details, detailValues('x', { in_repo: input(null), cond_value: input(null) }), { user: OPERATOR });
    expect(missing.json).toMatchObject({ response_action: 'errors', errors: { in_repo: expect.stringContaining('required'), cond_value: expect.stringContaining('value') } });
    const badExpression = await client.submit(details, detailValues('x', { in_body: input('"unclosed') }), { user: OPERATOR });
    expect(badExpression.json).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(badExpression.json)).toMatch(/body|JSONata/i);
    // "Forward to a URL" names an address inside the network: refused when saved, not only when it runs.
    const forward = await openDetails('broken', OPERATOR, 'forward');
    expect((forward.blocks as { block_id?: string }[]).map((b) => b.block_id)).toContain('forward_url');
    for (const url of ['http://127.0.0.1:9/hook', 'http://10.1.2.3/hook', 'http://[::1]/hook']) {
      const internal = await client.submit(forward, { forward_url: { value: { type: 'url_text_input', value: url } }, notify_text: input('x') }, { user: OPERATOR });
      expect(internal.json).toMatchObject({ response_action: 'errors', errors: { forward_url: expect.stringContaining('internal address') } });
    }
    const { rows } = await hub.db.admin.query(`SELECT 1 FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id WHERE w.name = 'broken'`);
    expect(rows).toHaveLength(0);
  });

  it('refuses a non-operator, records the attempt, and saves nothing', async () => {
    const command = await client.slash('workflow new', { user: VIEWER });
    expect(command.json?.text).toContain('Only hub operators may change workflows');
    expect([...slack.views.values()].some((v) => v.triggerId === command.triggerId)).toBe(false);
    // A forged submission of the second view by a non-operator is refused too.
    const details = await openDetails('sneaky');
    const forged = await client.submit(details, detailValues('x'), { user: VIEWER });
    expect(forged.json).toMatchObject({ response_action: 'errors' });
    const audit = await hub.db.admin.query(`SELECT actor, data->>'action' AS action FROM events WHERE type = 'slack.action_refused' AND data->>'action' = 'workflow.save' ORDER BY id`);
    expect(audit.rows).toEqual([
      { actor: `slack:${VIEWER}`, action: 'workflow.save' },
      { actor: `slack:${VIEWER}`, action: 'workflow.save' },
    ]);
    expect((await hub.db.admin.query(`SELECT 1 FROM workflows WHERE name = 'sneaky'`)).rows).toHaveLength(0);
  });
});

describe('a workflow saved from Slack', () => {
  it('stores an immutable version and runs it on the next matching webhook: condition, mapped action, notification', async () => {
    await saveWorkflow('large-payments', 'Large payment {{ data.object.id }}: {{ data.object.amount }}');
    const confirmation = await waitFor('the confirmation', () => slack.ephemerals.find((e) => e.user === OPERATOR && e.text?.includes('Saved workflow *large-payments* version 1')));
    expect(confirmation.text).toContain('No stored `payment_intent.succeeded` webhook to try it on yet.');
    const { rows } = await hub.db.admin.query(`SELECT type, actor FROM events WHERE type LIKE 'workflow.%' AND data->>'name' = 'large-payments' ORDER BY id`);
    expect(rows[0]).toEqual({ type: 'workflow.version_saved', actor: `slack:${OPERATOR}` });

    const big = await payment('wf_big_1', 5000);
    await processed(big);
    expect(comments().map((c) => c.body)).toEqual([{ body: 'Large payment pi_wf_big_1: 5000' }]);
    expect(comments()[0]?.headers.authorization).toBe('Bearer ghp_workflow_test');
    await waitFor('the notification', () => notifications().includes('Large payment pi_wf_big_1: 5000'));

    const small = await payment('wf_small_1', 500);
    await processed(small);
    const filtered = await hub.db.admin.query(`SELECT 1 FROM events WHERE stream = $1 AND type = 'workflow.filtered'`, [small]);
    expect(filtered.rows).toHaveLength(1);
    expect(comments()).toHaveLength(1);
    expect(notifications()).toHaveLength(1);
  });

  it('a second save is version 2; rollback restores version 1 for the next webhook; disable stops it', async () => {
    await saveWorkflow('large-payments', 'v2 {{ data.object.id }}');
    // Saved, then dry-run on what is stored: the 5000 payment would run, the 500 one is skipped.
    const tried = await waitFor('the v2 confirmation', () => slack.ephemerals.find((e) => e.text?.includes('Saved workflow *large-payments* version 2')));
    expect(tried.text).toContain('On the last 2 stored `payment_intent.succeeded` webhooks it would have run 1 time(s), skipped 1.');
    const v2 = await payment('wf_big_2', 2000);
    await processed(v2);
    await waitFor('the v2 notification', () => notifications().includes('v2 pi_wf_big_2'));

    // A new form submitted twice at once (a double click, two app instances) saves one version.
    const twice = await openDetails('double-click');
    const answers = await Promise.all([client.submit(twice, detailValues('dc'), { user: OPERATOR }), client.submit(twice, detailValues('dc'), { user: OPERATOR })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await waitFor('both answers', () => slack.ephemerals.filter((e) => e.text?.includes('*double-click*')).length === 2);
    const versions = await hub.db.admin.query(`SELECT v.version FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id WHERE w.name = 'double-click'`);
    expect(versions.rows).toEqual([{ version: 1 }]);
    expect((await client.slash('workflow disable double-click', { user: OPERATOR })).json?.text).toContain('is disabled now');

    const list = await client.slash('workflow list', { user: VIEWER });
    expect(list.json?.text).toMatch(/v2 active.*\*large-payments\* — on `stripe payment_intent\.succeeded`, 2 version\(s\)/);

    const show = (await client.slash('workflow show large-payments', { user: VIEWER })).json?.text as string;
    expect(show).toContain('versions: v2 by <@U0OPERATOR> ← active · v1 by <@U0OPERATOR>');
    expect(show).toContain('`/hub workflow rollback large-payments` returns to v1');
    expect(show).toContain('1. only when `data.object.amount` greater than `1000`');
    // What the author typed is escaped for Slack (`&` as `&amp;`, which Slack shows as `&`).
    expect(show).toContain('2. github create_issue_comment with body = `"Large payment " &amp; data.object.id &amp; ": " &amp; $string(data.object.amount)`, issue_number = `7`, owner = `"acme"`, repo = `"payments"`');
    expect(show).toContain('3. notify <#C0PAY>: `v2 {{ data.object.id }}`');
    expect((await client.slash('workflow show nope', { user: VIEWER })).json?.text).toContain('No workflow "nope"');

    const rollback = await client.slash('workflow rollback large-payments', { user: OPERATOR });
    expect(rollback.json?.text).toContain('version 1 is active again (was 2)');
    const back = await payment('wf_big_3', 3000);
    await processed(back);
    await waitFor('the v1 notification again', () => notifications().includes('Large payment pi_wf_big_3: 3000'));
    expect(notifications()).not.toContain('v2 pi_wf_big_3');

    const refused = await client.slash('workflow disable large-payments', { user: VIEWER });
    expect(refused.json?.text).toContain('Only hub operators');
    const disabled = await client.slash('workflow disable large-payments', { user: OPERATOR });
    expect(disabled.json?.text).toContain('*large-payments* is disabled now');
    const off = await payment('wf_big_4', 4000);
    await processed(off);
    expect(comments().map((c) => (c.body as { body: string }).body)).not.toContain('Large payment pi_wf_big_4: 4000');
    expect(notifications().some((t) => t?.includes('pi_wf_big_4'))).toBe(false);

    const audit = await hub.db.admin.query(`SELECT type, actor FROM events WHERE type IN ('workflow.rolled_back', 'workflow.disabled') AND data->>'name' = 'large-payments' ORDER BY id`);
    expect(audit.rows).toEqual([
      { type: 'workflow.rolled_back', actor: `slack:${OPERATOR}` },
      { type: 'workflow.disabled', actor: `slack:${OPERATOR}` },
    ]);
  });

  it('explains a rollback of an unknown workflow or a bad --to', async () => {
    expect((await client.slash('workflow rollback nope', { user: OPERATOR })).json?.text).toMatch(/nope/);
    expect((await client.slash('workflow rollback large-payments --to x', { user: OPERATOR })).json?.text).toContain('`--to` takes a version number');
    expect((await client.slash('workflow frob', { user: OPERATOR })).json?.text).toContain('I do not know `/hub workflow frob`');
  });
});
