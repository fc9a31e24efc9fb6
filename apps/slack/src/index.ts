export { createSlackApp, startSlackApp, type RunningSlackApp, type SlackAppOptions } from './slack-app.js';
export { loadSlackConfig, operatorIds, SlackEnv, type SlackConfig } from './config.js';
export { pressReplay, type ReplayOutcome, type ReplayPress } from './replay-button.js';
export { REPLAY_ACTION } from './dlq-message.js';
