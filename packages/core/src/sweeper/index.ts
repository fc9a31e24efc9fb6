export { StallSweeper, type StallSweeperOptions } from './stall-sweeper.js';
export { requeueStalled, type Requeued, type StallReason } from './requeue-stalled.js';
export { countStalls, type StallCounts } from './stalled-events.js';
