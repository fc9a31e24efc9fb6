import type { App } from '@slack/bolt';
import { escapeMrkdwn } from '@hub/core/slack-text';
import type { SlackDeps } from '../deps.js';
import { ephemeral, type Reply } from '../reply.js';
import { UsageError, type Subcommand } from './subcommand.js';

/** `/hub help`: every subcommand's lines, from the subcommands themselves. */
export function helpText(subcommands: readonly Subcommand[]): string {
  return ['*/hub* — the Integration Hub from Slack', ...subcommands.flatMap((s) => s.help.map((line) => `• ${line}`)), '• `/hub help` — this message'].join('\n');
}

/**
 * Registers `/hub` and hands each invocation to its subcommand. Whatever goes wrong, the user gets
 * an ephemeral message: in the ack when it has not been sent, on response_url afterwards.
 */
export function registerSlashCommand(app: App, deps: SlackDeps, subcommands: readonly Subcommand[]): void {
  const byName = new Map(subcommands.map((s) => [s.name, s]));
  const help = helpText(subcommands);
  app.command('/hub', async ({ command, ack, respond, client }) => {
    const [name = 'help', ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    if (name === 'help') return ack(ephemeral({ text: help }));
    const subcommand = byName.get(name);
    if (!subcommand) return ack(ephemeral({ text: `I do not know \`/hub ${escapeMrkdwn(name, 100)}\`.\n${help}` }));
    let acked = false;
    const answer = async (reply: Reply) => (acked ? respond(ephemeral(reply)).then(() => undefined) : ((acked = true), ack(ephemeral(reply))));
    try {
      await subcommand.run({
        args,
        userId: command.user_id,
        channelId: command.channel_id,
        triggerId: command.trigger_id,
        deps,
        client,
        ack: async (reply) => {
          if (acked) return;
          acked = true;
          await (reply ? ack(ephemeral(reply)) : ack());
        },
        respond: async (reply) => void (await respond('response_type' in reply ? reply : ephemeral(reply as Reply))),
      });
      if (!acked) await answer({ text: `\`/hub ${name}\` finished without an answer.` });
    } catch (error) {
      // Usage messages quote what was typed; no message of ours means a mention or a link.
      if (error instanceof UsageError) return void (await answer({ text: escapeMrkdwn(error.message, 2_000) }));
      deps.log.error({ err: error, subcommand: name }, 'slash command failed');
      await answer({ text: `Sorry, \`/hub ${name}\` failed: ${error instanceof Error ? escapeMrkdwn(error.message, 500) : 'unknown error'}. The hub's log has the details.` });
    }
  });
}

/** The connector an argument names, or a UsageError listing the ones there are. */
export function connectorArg(deps: SlackDeps, value: string | undefined, example: string): string {
  if (value === undefined) throw new UsageError(`Which connector? e.g. \`${example.replace('<connector>', deps.connectors[0] ?? 'stripe')}\``);
  if (!deps.connectors.includes(value)) throw new UsageError(`No connector "${value}"; try one of: ${deps.connectors.join(', ')}`);
  return value;
}
