export { compileJsonata, type CompiledJsonata } from './compile-jsonata.js';
export { JsonataExpression } from './jsonata-expression.js';
export { JsonataPool, type JsonataPoolStats } from './jsonata-pool.js';
export { DEFAULT_JSONATA_LIMITS, type JsonataLimits } from './jsonata-limits.js';
export { configureJsonata, sharedJsonataPool } from './shared-jsonata-pool.js';
export { jsonataLimitCode } from './jsonata-limit-code.js';
