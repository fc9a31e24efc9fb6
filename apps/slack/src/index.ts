export { createSlackApp, startSlackApp, type RunningSlackApp, type SlackAppOptions } from './slack-app.js';
export { loadSlackConfig, operatorIds, operatorGroupIds, SlackEnv, type SlackConfig } from './config.js';
export { operatorCheck, type OperatorCheck } from './operators.js';
export { pressReplay, type ReplayOutcome, type ReplayPress } from './replay-button.js';
export { REPLAY_ACTION } from './dlq-message.js';
