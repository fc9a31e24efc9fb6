import { z } from 'zod';
import { BaseEnv, HttpServerEnv, parseEnv, type Env } from '@hub/core/config';
import { OutboundAllowedHosts } from '@hub/core/ssrf';

/** The Slack app's environment (documented in docs/slack.md and docs/configuration.md). */
export const SlackEnv = BaseEnv.extend(HttpServerEnv.shape).extend({
  /** Basic Information → Signing Secret: every request's v0 signature is checked with it (Slack's are 32 hex characters). */
  SLACK_SIGNING_SECRET: z.string().min(16, 'at least 16 characters: Basic Information → Signing Secret (too short a secret means nothing)'),
  /** A request body larger than this is refused (413) before it is buffered. */
  HUB_SLACK_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  /** OAuth & Permissions → Bot User OAuth Token (xoxb-…). */
  SLACK_BOT_TOKEN: z.string().min(1),
  /** The workspace (team id, T…) the app answers; requests from any other team are refused. */
  SLACK_TEAM_ID: z.string().min(1),
  /** Slack user ids (U…) allowed to replay, comma-separated. Everyone else may only look. */
  HUB_SLACK_OPERATORS: z.string().default(''),
  /** Slack user group ids (S…) whose members are operators too, comma-separated (needs usergroups:read). */
  HUB_SLACK_OPERATOR_GROUPS: z.string().default(''),
  /** Hosts (or host:port) a workflow's "forward to URL" may name although they resolve to internal addresses (as the worker's). */
  HUB_OUTBOUND_ALLOWED_HOSTS: OutboundAllowedHosts,
  /** The console's address, for "Open in console" links. */
  HUB_CONSOLE_URL: z.string().url().default('http://127.0.0.1:3000'),
  HUB_SLACK_PORT: z.coerce.number().int().min(0).max(65535).default(3300),
  /** Web API base (tests point it at a local fake Slack). */
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  /** Basic Information → App-Level Tokens (xapp-…, scope connections:write): what Socket Mode connects with. */
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'an app-level token (xapp-…)').optional(),
  /** Development: Slack delivers over a WebSocket the app opens (Socket Mode), so no public URL is needed. Needs SLACK_APP_TOKEN. */
  HUB_SLACK_SOCKET_MODE: z.stringbool().default(false),
}).refine((c) => !c.HUB_SLACK_SOCKET_MODE || c.SLACK_APP_TOKEN !== undefined, {
  path: ['SLACK_APP_TOKEN'],
  message: 'HUB_SLACK_SOCKET_MODE=true needs SLACK_APP_TOKEN (xapp-…, Basic Information → App-Level Tokens, scope connections:write)',
  // Checked even when other variables are wrong, so every problem is reported at once.
  when: (payload) => !payload.issues.some((issue) => issue.path?.[0] === 'HUB_SLACK_SOCKET_MODE' || issue.path?.[0] === 'SLACK_APP_TOKEN'),
});
export type SlackConfig = z.infer<typeof SlackEnv>;

/** The defaults of the receiver's limits, for a config built by hand (tests). */
export const HttpServerDefaults = { ...HttpServerEnv.parse({}), HUB_SLACK_BODY_LIMIT_BYTES: 1024 * 1024 };

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
