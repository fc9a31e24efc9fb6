export { listDeadLetters, type DeadLetter } from './list-dead-letters.js';
export { selectForReplay, type ReplaySelection, type Selected } from './select-for-replay.js';
export { replayEvents, type ReplayReport, type ReplayRequest } from './replay-events.js';
export { parseTimeArgument } from './parse-time.js';
