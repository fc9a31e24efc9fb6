import { createLogger } from '@hub/core/logger';

/** Logs only when HUB_TEST_LOG is set (e.g. HUB_TEST_LOG=debug npm test). */
export const testLogger = createLogger({ service: 'test', level: process.env.HUB_TEST_LOG ?? 'silent' });
