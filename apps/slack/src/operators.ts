import type { webApi } from '@slack/bolt';
import type { Logger } from '@hub/core/logger';

/** Who may replay, mute, acknowledge and change workflows. Everyone in the workspace may look. */
export interface OperatorCheck {
  isOperator(userId: string): Promise<boolean>;
  /** How a refused user becomes an operator (for the ephemeral explanation). */
  readonly howToBecomeOne: string;
}

export interface OperatorSources {
  /** Slack user ids (U…). */
  userIds: ReadonlySet<string>;
  /** User group ids (S…): their members are operators, read with usergroups.users.list. */
  groupIds: readonly string[];
  client: Pick<webApi.WebClient, 'usergroups'>;
  log: Logger;
  /** How long a group's member list is trusted (default 60 s): a removed member loses rights within it. */
  cacheMs?: number;
  now?: () => number;
}

/**
 * Operators are listed user ids plus the members of listed user groups. A group lookup that fails
 * (Slack down, missing usergroups:read scope) grants nothing: a refusal, not an open door.
 */
export function operatorCheck(sources: OperatorSources): OperatorCheck {
  const cacheMs = sources.cacheMs ?? 60_000;
  const now = sources.now ?? Date.now;
  const cache = new Map<string, { members: ReadonlySet<string>; until: number }>();

  const membersOf = async (groupId: string): Promise<ReadonlySet<string>> => {
    const cached = cache.get(groupId);
    if (cached && cached.until > now()) return cached.members;
    try {
      const answer = await sources.client.usergroups.users.list({ usergroup: groupId });
      const members = new Set(answer.users ?? []);
      cache.set(groupId, { members, until: now() + cacheMs });
      return members;
    } catch (err) {
      sources.log.warn({ err, groupId }, 'could not read the members of an operator user group; nobody is an operator through it');
      return new Set();
    }
  };

  const howToBecomeOne = sources.groupIds.length > 0 ? 'ask an admin to add you to the operators user group or to HUB_SLACK_OPERATORS' : 'ask an admin to add your Slack user id to HUB_SLACK_OPERATORS';
  return {
    howToBecomeOne,
    async isOperator(userId) {
      if (sources.userIds.has(userId)) return true;
      for (const groupId of sources.groupIds) {
        if ((await membersOf(groupId)).has(userId)) return true;
      }
      return false;
    },
  };
}
