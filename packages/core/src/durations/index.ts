export { DURATION_UNIT_MS, parseDuration, type DurationUnit } from './parse-duration.js';
