import { connectorHealth, recentErrors } from '@hub/core/health';
import { healthMessage } from '../health-message.js';
import { connectorArg } from './router.js';
import type { Subcommand } from './subcommand.js';

export const healthCommand: Subcommand = {
  name: 'health',
  help: ['`/hub health` — every connector: status, success rate, p95, queue depth, circuit', '`/hub health stripe` — one connector, window by window, and its last errors by class'],
  async run({ args, deps, ack, respond }) {
    const connector = args[0] === undefined ? undefined : connectorArg(deps, args[0], '/hub health <connector>');
    // Slack waits 3 s for the ack: answer now, post the figures to response_url when they are ready.
    await ack();
    const [health, errors] = await Promise.all([
      connectorHealth(deps.pool, connector ? [connector] : deps.connectors, {
        ...(deps.queues ? { queues: deps.queues } : {}),
        ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}),
      }),
      connector ? recentErrors(deps.pool, connector) : Promise.resolve(undefined),
    ]);
    await respond(healthMessage(health, connector !== undefined, errors));
  },
};
