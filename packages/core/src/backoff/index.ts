export { backoffDelayMs, type Backoff, type BackoffDraw } from './backoff-delay.js';
