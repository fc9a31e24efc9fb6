import { alertsCommand } from './alerts.js';
import { dlqCommand } from './dlq.js';
import { healthCommand } from './health.js';
import { muteCommand, unmuteCommand } from './mute.js';
import { replayCommand } from './replay.js';
import type { Subcommand } from './subcommand.js';

/** Every `/hub` subcommand, in the order `/hub help` lists them. */
export const SUBCOMMANDS: readonly Subcommand[] = [healthCommand, dlqCommand, replayCommand, alertsCommand, muteCommand, unmuteCommand];

export { registerSlashCommand, helpText, connectorArg } from './router.js';
export { UsageError, type Subcommand, type SubcommandContext } from './subcommand.js';
