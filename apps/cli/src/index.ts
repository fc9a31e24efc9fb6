export { runUp } from './commands/up.js';
export { runMigrate } from './commands/migrate.js';
export { runWorker } from './commands/worker.js';
export { runSendTest } from './commands/send-test.js';
