export { StallSweeper, type StallSweeperOptions } from './stall-sweeper.js';
export { requeueStalled, type Requeued, type StallReason } from './requeue-stalled.js';
export { countStalls, oldestOverdue, type StallCounts, type StalledEvent } from './stalled-events.js';
