import { z } from 'zod';
import { BaseEnv, parseEnv, type Env } from '@hub/core/config';

/** The Slack app's environment (documented in the README, "Slack app"). */
export const SlackEnv = BaseEnv.extend({
  /** Basic Information → Signing Secret: every request's v0 signature is checked with it. */
  SLACK_SIGNING_SECRET: z.string().min(1),
  /** OAuth & Permissions → Bot User OAuth Token (xoxb-…). */
  SLACK_BOT_TOKEN: z.string().min(1),
  /** The workspace (team id, T…) the app answers; requests from any other team are refused. */
  SLACK_TEAM_ID: z.string().min(1),
  /** Slack user ids (U…) allowed to replay, comma-separated. Everyone else may only look. */
  HUB_SLACK_OPERATORS: z.string().default(''),
  /** Slack user group ids (S…) whose members are operators too, comma-separated (needs usergroups:read). */
  HUB_SLACK_OPERATOR_GROUPS: z.string().default(''),
  /** The console's address, for "Open in console" links. */
  HUB_CONSOLE_URL: z.string().url().default('http://127.0.0.1:3000'),
  HUB_SLACK_PORT: z.coerce.number().int().min(0).max(65535).default(3300),
  /** Web API base (tests point it at a local fake Slack). */
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
});
export type SlackConfig = z.infer<typeof SlackEnv>;

export function loadSlackConfig(env: Env): SlackConfig {
  return parseEnv(SlackEnv, env);
}

const commaList = (value: string | undefined): string[] => (value ?? '').split(',').map((id) => id.trim()).filter(Boolean);

export function operatorIds(config: Pick<SlackConfig, 'HUB_SLACK_OPERATORS'>): Set<string> {
  return new Set(commaList(config.HUB_SLACK_OPERATORS));
}

export function operatorGroupIds(config: Partial<Pick<SlackConfig, 'HUB_SLACK_OPERATOR_GROUPS'>>): string[] {
  return commaList(config.HUB_SLACK_OPERATOR_GROUPS);
}
