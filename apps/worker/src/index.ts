export { loadConfig, WorkerEnv, type WorkerConfig } from './config.js';
export { startWorker, type RunningWorker } from './start.js';
export { DEFAULT_HANDLER_LIMIT } from './handler-limits.js';
export { useSqsThread } from './sqs-thread.js';
