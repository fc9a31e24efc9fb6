import { describe, expect, it } from 'vitest';
import { handlerLimits } from './handler-limits.js';

const set: Record<string, { limit: number; from: 'hub.config.yaml' | 'declared' }> = {
  tracker: { limit: 3, from: 'declared' },
  crm: { limit: 40, from: 'hub.config.yaml' },
};
const hubConfig = { concurrencyFor: (id: string) => set[id] };

describe('handlerLimits', () => {
  it('takes the configured or declared limit, and 100 for a connector with none', () => {
    expect(handlerLimits({}, hubConfig, ['tracker', 'crm', 'stripe'])).toEqual([
      { connector: 'tracker', limit: 3, from: 'declared' },
      { connector: 'crm', limit: 40, from: 'hub.config.yaml' },
      { connector: 'stripe', limit: 100, from: 'default' },
    ]);
  });

  it('with HUB_WORKER_CONCURRENCY set, gives it to connectors without a limit and caps the higher ones', () => {
    expect(handlerLimits({ HUB_WORKER_CONCURRENCY: 10 }, hubConfig, ['tracker', 'crm', 'stripe'])).toEqual([
      { connector: 'tracker', limit: 3, from: 'declared' },
      { connector: 'crm', limit: 10, from: 'HUB_WORKER_CONCURRENCY', cappedFrom: 40 },
      { connector: 'stripe', limit: 10, from: 'HUB_WORKER_CONCURRENCY' },
    ]);
  });
});
