#!/usr/bin/env node
import { Command } from 'commander';
import { isHubError } from '@hub/core/errors';
import { runIngress } from './commands/ingress.js';
import { runMigrate } from './commands/migrate.js';
import { runSendTest } from './commands/send-test.js';
import { runUp } from './commands/up.js';
import { runWorker } from './commands/worker.js';

// The one place the CLI reads the environment; everything below receives it.
const env = { ...process.env };

const program = new Command('hub').description('Integration Hub: verified webhooks, one queue per connector, resilient workers.').showHelpAfterError();

program.command('up').description('create and migrate the database, start the SQS emulator (when SQS_ENDPOINT is unset), ingress, relay, workers and console').action(() => runUp(env));
program.command('migrate').description('create the database if missing and apply pending migrations').action(() => runMigrate(env));
program.command('ingress').description('run the webhook ingress and the outbox relay').action(() => runIngress(env));
program
  .command('worker')
  .description('consume the queues of the given connectors (production: one process per connector)')
  .requiredOption('-c, --connector <id...>', 'connector id(s), e.g. --connector stripe')
  .action((opts: { connector: string[] }) => runWorker(env, opts.connector.flatMap((c) => c.split(','))));
program
  .command('send-test')
  .description('send a correctly signed sample webhook to a running hub')
  .argument('<connector>', 'e.g. stripe')
  .argument('<event-type>', 'e.g. payment_intent.succeeded')
  .option('--url <url>', 'ingress base URL', undefined)
  .option('--account <account>', 'account segment for multi-account connectors (e.g. a Shopify shop)')
  .action((connector: string, eventType: string, opts: { url?: string; account?: string }) => runSendTest(env, connector, eventType, opts));

program.parseAsync(process.argv).catch((err: unknown) => {
  if (isHubError(err)) {
    console.error(`${err.code}: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
