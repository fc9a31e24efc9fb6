export { loadConfig, WorkerEnv, type WorkerConfig } from './config.js';
export { startWorker, type RunningWorker } from './start.js';
