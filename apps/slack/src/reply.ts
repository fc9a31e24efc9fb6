import type { RespondArguments, types } from '@slack/bolt';

/** A message the app answers with: `text` is the notification fallback, `blocks` the layout. */
export interface Reply {
  text: string;
  blocks?: types.KnownBlock[];
}

/** Only the person who asked sees it, and it never replaces the message the button was on. */
export const ephemeral = (message: Reply): RespondArguments => ({ response_type: 'ephemeral', replace_original: false, ...message });
