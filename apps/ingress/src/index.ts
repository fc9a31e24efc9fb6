export { buildApp, type IngressDeps } from './app.js';
export { loadConfig, IngressEnv, type IngressConfig } from './config.js';
export { startIngress, type RunningIngress } from './start.js';
