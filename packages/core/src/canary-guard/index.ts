export { CANARY_GUARD_ACTOR, CanaryGuardCheck, type CanaryGuardCheckOptions, type CanaryRollback } from './canary-guard-check.js';
