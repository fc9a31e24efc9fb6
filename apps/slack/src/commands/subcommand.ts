import type { RespondArguments, webApi } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import type { Reply } from '../reply.js';

/** One `/hub <name> …` subcommand. */
export interface Subcommand {
  name: string;
  /** Lines of `/hub help`: usage, what it does, an example. */
  help: readonly string[];
  /**
   * Runs the subcommand. It must call `ack` within Slack's 3 s: with the answer when it is quick,
   * or with nothing (or a "working on it" line) and `respond` later for slow work.
   */
  run(ctx: SubcommandContext): Promise<void>;
}

export interface SubcommandContext {
  /** The words after the subcommand's name. */
  args: string[];
  userId: string;
  channelId: string;
  /** For views.open (valid 3 s after the command). */
  triggerId: string;
  deps: SlackDeps;
  client: webApi.WebClient;
  /** Acknowledges the command, with an ephemeral answer or none. Exactly once. */
  ack(reply?: Reply): Promise<void>;
  /** Posts to the command's response_url (ephemeral unless it says otherwise); usable for 30 minutes. */
  respond(reply: Reply | RespondArguments): Promise<void>;
}

/** An operator's mistake: its message is shown as it is (it says what to do), never a stack trace. */
export class UsageError extends Error {}
