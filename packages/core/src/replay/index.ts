export { listDeadLetters, type DeadLetter } from './list-dead-letters.js';
export { OUTCOME_UNKNOWN, selectForReplay, type ReplaySelection, type Selected } from './select-for-replay.js';
export { STALLED_AFTER_MS, type ReplaySkipReason, type SkippedReplay } from './queue-replays.js';
export { replayEvents, type ReplayReport, type ReplayRequest } from './replay-events.js';
export { parseTimeArgument } from './parse-time.js';
