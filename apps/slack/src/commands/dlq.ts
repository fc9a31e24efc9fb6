import { currentDlq } from '../dlq-replies.js';
import { connectorArg } from './router.js';
import type { Subcommand } from './subcommand.js';

export const dlqCommand: Subcommand = {
  name: 'dlq',
  help: ['`/hub dlq stripe` — dead-lettered and quarantined events, each with a *Replay* button (operators only)'],
  async run({ args, deps, ack, respond }) {
    const connector = connectorArg(deps, args[0], '/hub dlq <connector>');
    await ack();
    await respond(await currentDlq(deps, connector));
  },
};
