import type { webApi } from '@slack/bolt';
import type { Logger } from '@hub/core/logger';
import { redactText } from '@hub/core/redact';
import type { SubcommandContext } from '../commands/subcommand.js';

/** Where a replay's progress goes: a thread under a channel message, or the command's response_url. */
export interface ReplayReporter {
  readonly where: 'thread' | 'response_url';
  /** Progress messages it may still post before the final one. */
  readonly progressLeft: number;
  progress(text: string): Promise<void>;
  /** The last word: the counts. In a thread, the channel message shows them too. */
  final(text: string): Promise<void>;
}

export interface ReporterContext {
  client: Pick<webApi.WebClient, 'chat'>;
  channelId: string;
  respond: SubcommandContext['respond'];
  log: Logger;
}

/** Slack accepts 5 posts to one response_url: the start, 3 progress messages, the final counts. */
const RESPONSE_URL_PROGRESS = 3;

/** The `error` of a refused Web API call (not_in_channel, channel_not_found, …), or why the call failed. */
function slackError(err: unknown): string {
  const data = (err as { data?: { error?: unknown } }).data;
  if (typeof data?.error === 'string') return data.error;
  return err instanceof Error ? redactText(err.message) : 'unknown error';
}

/**
 * Posts `headline` in the command's channel and returns a reporter that replies in its thread.
 * When the bot may not post there (not in the channel, a DM, an archived channel) it answers on
 * the response_url instead, only to the person who asked, and says why.
 */
export async function openReplayReporter(ctx: ReporterContext, headline: string): Promise<ReplayReporter> {
  try {
    const posted = await ctx.client.chat.postMessage({ channel: ctx.channelId, text: headline });
    const ts = posted.ts as string;
    const channel = posted.channel ?? ctx.channelId;
    return {
      where: 'thread',
      progressLeft: Number.POSITIVE_INFINITY,
      progress: async (text) => void (await ctx.client.chat.postMessage({ channel, thread_ts: ts, text })),
      async final(text) {
        await ctx.client.chat.postMessage({ channel, thread_ts: ts, text });
        // The channel sees the outcome without opening the thread.
        await ctx.client.chat.update({ channel, ts, text: `${headline}\n${text}` }).catch((err: unknown) => ctx.log.warn({ err: slackError(err) }, 'could not update the replay message with its result'));
      },
    };
  } catch (err) {
    const why = slackError(err);
    ctx.log.warn({ channelId: ctx.channelId, error: why }, 'cannot post the replay in its channel; following it on the response_url');
    await ctx.respond({ text: `${headline}\n_I cannot post in this channel (\`${why}\`), so the progress comes here, to you only. Invite me to the channel to have it in a thread next time._` });
    let left = RESPONSE_URL_PROGRESS;
    return {
      where: 'response_url',
      get progressLeft() {
        return left;
      },
      async progress(text) {
        if (left <= 0) return;
        left -= 1;
        await ctx.respond({ text });
      },
      final: (text) => ctx.respond({ text }),
    };
  }
}
