import { isHubError } from '@hub/connector-sdk';
import type { WorkflowStore, WorkflowSummary } from '@hub/core/workflows';
import { auditRefusal } from '../audit.js';
import { age } from '../format.js';
import { triggerView } from '../workflows/workflow-modal-views.js';
import { workflowDetailText } from '../workflows/workflow-text.js';
import { UsageError, type Subcommand, type SubcommandContext } from './subcommand.js';

const USAGE = 'Try `/hub workflow new`, `/hub workflow list`, `/hub workflow show <name>`, `/hub workflow disable <name>`, `/hub workflow enable <name>` or `/hub workflow rollback <name> [--to <version>]`.';

function line(w: WorkflowSummary): string {
  const state = w.status === 'disabled' ? ':no_entry: disabled' : `:large_green_circle: v${w.activeVersion ?? '–'} active`;
  const canary = w.canary ? `, canary v${w.canary.version} on ${w.canary.percent}%` : '';
  return `${state}${canary} *${w.name}* — on \`${w.trigger.connector} ${w.trigger.event}\`, ${w.latestVersion} version(s), changed ${age(new Date(w.updatedAt))} ago by ${w.updatedBy.replace(/^slack:/, '@')}`;
}

/** Operator actions go through here: refusals are explained and recorded. */
async function asOperator(ctx: SubcommandContext, action: string, name: string | undefined): Promise<boolean> {
  if (await ctx.deps.operators.isOperator(ctx.userId)) return true;
  await auditRefusal(ctx.deps, { userId: ctx.userId, action, details: name ? { workflow: name } : {} });
  await ctx.ack({ text: `Only hub operators may change workflows (${ctx.deps.operators.howToBecomeOne}). Your attempt was recorded.` });
  return false;
}

/** A HubError of the workflow store (unknown name, no earlier version) is the operator's to fix: shown as it is. */
async function explained<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (isHubError(err) && err.code.startsWith('HUB_WORKFLOW_')) throw new UsageError(err.message);
    throw err;
  }
}

/** `/hub workflow new|list|disable|enable|rollback`: the linear workflows of the Slack modal, stored as immutable versions. */
export function workflowCommand(workflows: WorkflowStore): Subcommand {
  return {
    name: 'workflow',
    help: [
      '`/hub workflow new` — a form: when <event> [only when <field> <operator> <value>] → <action or forward> → notify <channel> (operators)',
      '`/hub workflow list` — workflows, their active version and canary; `/hub workflow show payments-ledger` — its versions and steps',
      '`/hub workflow disable payments-ledger` / `enable` — stop or resume it; `/hub workflow rollback payments-ledger [--to 2]` — back to the previous version (operators)',
    ],
    async run(ctx) {
      const [verb, name, ...rest] = ctx.args;
      switch (verb) {
        case 'new': {
          if (!(await asOperator(ctx, 'workflow.save', undefined))) return;
          // The trigger_id is valid for 3 s after the command: the modal opens before anything slow.
          await ctx.client.views.open({ trigger_id: ctx.triggerId, view: triggerView(ctx.deps.catalog, ctx.channelId) });
          return ctx.ack();
        }
        case 'list': {
          const list = await workflows.list();
          return ctx.ack({ text: list.length === 0 ? 'No workflows yet: `/hub workflow new` creates one.' : list.map(line).join('\n') });
        }
        case 'show': {
          if (!name) throw new UsageError('Which workflow? e.g. `/hub workflow show payments-ledger` (`/hub workflow list` names them).');
          const detail = await workflows.get(name);
          if (!detail) throw new UsageError(`No workflow "${name}": \`/hub workflow list\` names them.`);
          return ctx.ack({ text: workflowDetailText(detail) });
        }
        case 'disable':
        case 'enable':
        case 'rollback': {
          if (!name) throw new UsageError(`Which workflow? e.g. \`/hub workflow ${verb} payments-ledger\` (\`/hub workflow list\` names them).`);
          let to: number | undefined;
          if (verb === 'rollback' && rest.length > 0) {
            to = rest[0] === '--to' ? Number(rest[1]) : Number.NaN;
            if (!Number.isInteger(to) || (to ?? 0) < 1) throw new UsageError(`\`--to\` takes a version number, e.g. \`/hub workflow rollback ${name} --to 1\`.`);
          } else if (rest.length > 0) throw new UsageError(`\`/hub workflow ${verb}\` takes just a name. ${USAGE}`);
          if (!(await asOperator(ctx, `workflow.${verb}`, name))) return;
          const actor = `slack:${ctx.userId}`;
          if (verb === 'rollback') {
            const { from, to: restored } = await explained(workflows.rollback(name, actor, to));
            return ctx.ack({ text: `:rewind: *${name}*: version ${restored} is active again (was ${from}), by <@${ctx.userId}>.` });
          }
          const summary = await explained(verb === 'disable' ? workflows.disable(name, actor) : workflows.enable(name, actor));
          return ctx.ack({ text: `${verb === 'disable' ? ':no_entry:' : ':arrow_forward:'} *${name}* is ${summary.status} now (by <@${ctx.userId}>).` });
        }
        default:
          throw new UsageError(verb ? `I do not know \`/hub workflow ${verb}\`. ${USAGE}` : USAGE);
      }
    },
  };
}
