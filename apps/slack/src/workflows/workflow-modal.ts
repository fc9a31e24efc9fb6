import { isDeepStrictEqual } from 'node:util';
import { escapeMrkdwn } from '@hub/core/slack-text';
import type { App, webApi } from '@slack/bolt';
import { z } from 'zod';
import { isHubError } from '@hub/connector-sdk';
import { checkOutboundUrl, describeOutboundRefusal } from '@hub/core/ssrf';
import { dryRunWorkflow, validateWorkflow, type WorkflowDefinition, type WorkflowStore } from '@hub/core/workflows';
import { auditRefusal } from '../audit.js';
import type { SlackDeps } from '../deps.js';
import { withAdvisoryLock } from '../advisory-lock.js';
import { detailsView, WORKFLOW_STEP1_CALLBACK, WORKFLOW_STEP2_CALLBACK, type WorkflowDraft } from './workflow-modal-views.js';
import { readDetailsView, readTriggerView, type ViewValues } from './workflow-submission.js';

const Draft = z.object({
  name: z.string(),
  trigger: z.object({ connector: z.string(), event: z.string() }),
  action: z.object({ connector: z.string(), action: z.string() }).optional(),
  notifyChannel: z.string().optional(),
  channelId: z.string(),
});

const metadata = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Which block an error of validateWorkflow belongs to: an input field it names, else the first one. */
function blockFor(problem: string, values: ViewValues): string {
  const blocks = Object.keys(values);
  return blocks.find((b) => b.startsWith('in_') && problem.includes(b.slice(3))) ?? (problem.includes('condition') ? 'cond_field' : undefined) ?? blocks[0] ?? 'cond_field';
}

/** The saved version dry-run on the last stored webhooks of its trigger: what it would have done, in one line. */
async function trialRun(deps: SlackDeps, name: string, version: number): Promise<string> {
  try {
    const result = await dryRunWorkflow({ pool: deps.pool, catalog: deps.catalog, workflow: { name, version }, last: 20 });
    const { would_run: wouldRun, filtered, error } = result.totals;
    if (result.events.length === 0) return `No stored \`${result.trigger.event}\` webhook to try it on yet.`;
    const firstError = result.events.find((e) => e.outcome === 'error')?.problem;
    return `On the last ${result.events.length} stored \`${result.trigger.event}\` webhooks it would have run ${wouldRun} time(s), skipped ${filtered}${error > 0 ? `, failed ${error} (first: ${escapeMrkdwn(String(firstError ?? 'see hub workflows dry-run'), 200)})` : ''}.`;
  } catch (err) {
    deps.log.warn({ err, workflow: name, version }, 'dry run after a save from Slack failed');
    return '';
  }
}

/** The confirmation: an ephemeral line where the command was typed, else a direct message. */
async function tell(client: webApi.WebClient, channel: string, user: string, text: string): Promise<void> {
  try {
    await client.chat.postEphemeral({ channel, user, text });
  } catch {
    await client.chat.postMessage({ channel: user, text });
  }
}

/**
 * The two views of `/hub workflow new`: the first chooses trigger, action and channel; the second
 * (it replaces the first, response_action update) maps the action's input and saves an immutable
 * version that becomes active at once. Operators only, checked on each submission.
 */
export function registerWorkflowModal(app: App, deps: SlackDeps, workflows: WorkflowStore, outboundAllowedHosts: ReadonlySet<string>): void {
  const refuse = async (userId: string) => {
    await auditRefusal(deps, { userId, action: 'workflow.save' });
    return { response_action: 'errors' as const, errors: { name: `Only hub operators may change workflows (${deps.operators.howToBecomeOne}). Your attempt was recorded.` } };
  };

  app.view(WORKFLOW_STEP1_CALLBACK, async ({ ack, body, view }) => {
    if (!(await deps.operators.isOperator(body.user.id))) return ack(await refuse(body.user.id));
    const channelId = String((metadata(view.private_metadata) as { channelId?: unknown } | undefined)?.channelId ?? body.user.id);
    const read = readTriggerView(view.state.values as ViewValues, deps.catalog, channelId);
    if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
    await ack({ response_action: 'update', view: detailsView(deps.catalog, read.value) });
  });

  app.view(WORKFLOW_STEP2_CALLBACK, async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const values = view.state.values as ViewValues;
    const parsed = Draft.safeParse(metadata(view.private_metadata));
    if (!parsed.success) return ack({ response_action: 'errors', errors: { [Object.keys(values)[0] ?? 'cond_field']: 'This form is out of date: close it and run /hub workflow new again.' } });
    if (!(await deps.operators.isOperator(userId))) {
      await auditRefusal(deps, { userId, action: 'workflow.save', connector: parsed.data.trigger.connector, details: { workflow: parsed.data.name } });
      return ack({ response_action: 'errors', errors: { cond_field: `Only hub operators may change workflows (${deps.operators.howToBecomeOne}). Your attempt was recorded.` } });
    }
    const draft: WorkflowDraft = parsed.data as WorkflowDraft;
    const read = readDetailsView(values, deps.catalog, draft);
    if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
    const forward = read.value.steps.find((s) => s.type === 'forward');
    // A forward URL must not point inside the network (the runtime guard refuses it too; this says so at once).
    const check = forward ? await checkOutboundUrl(forward.url, outboundAllowedHosts) : { ok: true as const };
    if (!check.ok) return ack({ response_action: 'errors', errors: { forward_url: `Refused: ${describeOutboundRefusal(check)}.` } });
    let definition: WorkflowDefinition;
    try {
      definition = validateWorkflow(read.value, deps.catalog);
    } catch (err) {
      if (!isHubError(err)) throw err;
      const problems = ((err.details as { problems?: string[] } | undefined)?.problems ?? [err.message]).slice(0, 5);
      const errors: Record<string, string> = {};
      for (const problem of problems) {
        const block = blockFor(problem, values);
        errors[block] = [errors[block], problem].filter(Boolean).join(' · ').slice(0, 1_900);
      }
      return ack({ response_action: 'errors', errors });
    }
    // A double submission (or the same form saved again) does not make a second identical version:
    // the comparison and the save are one step per workflow name, across app instances.
    const saved = await withAdvisoryLock(deps.pool, 'hub-slack-workflow-save', definition.name, async () => {
      const latest = (await workflows.get(definition.name))?.versions[0];
      if (latest && isDeepStrictEqual(latest.definition, definition)) return { unchanged: latest.version };
      return workflows.saveVersion(definition, { actor: `slack:${userId}`, activate: true });
    });
    await ack();
    if ('unchanged' in saved) return tell(client, draft.channelId, userId, `Workflow *${definition.name}* is unchanged: version ${saved.unchanged} stays as it is.`);
    deps.log.info({ workflow: saved.name, version: saved.version, actor: `slack:${userId}` }, 'workflow version saved from Slack');
    const tried = await trialRun(deps, saved.name, saved.version);
    await tell(client, draft.channelId, userId, `:white_check_mark: Saved workflow *${saved.name}* version ${saved.version}; it is active and runs on the next \`${definition.trigger.connector} ${definition.trigger.event}\`. ${tried} \`/hub workflow show ${saved.name}\` shows it, \`/hub workflow rollback ${saved.name}\` undoes it.`);
  });
}
