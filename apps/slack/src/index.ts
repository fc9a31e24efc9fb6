export { createSlackApp, startSlackApp, type RunningSlackApp, type SlackAppOptions } from './slack-app.js';
export { loadSlackConfig, operatorIds, operatorGroupIds, SlackEnv, type SlackConfig } from './config.js';
export { operatorCheck, type OperatorCheck } from './operators.js';
export { pressReplay, type ReplayOutcome, type ReplayPress } from './replay-button.js';
export { pressAlertAction, type AlertAction, type AlertPress, type AlertPressOutcome } from './alert-actions.js';
export { REPLAY_ACTION, REPLAY_ALL_ACTION } from './dlq-message.js';
export { pressReplayAll, type ReplayAllOutcome, type ReplayAllPress } from './replay-all.js';
export { receiverMode, slackReceiver, type SlackReceiverMode } from './slack-receiver.js';
