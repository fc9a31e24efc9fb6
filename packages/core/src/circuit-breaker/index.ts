export { SharedCircuitBreakers, type CircuitTransition, type SharedCircuitBreakersOptions } from './shared-circuit-breakers.js';
