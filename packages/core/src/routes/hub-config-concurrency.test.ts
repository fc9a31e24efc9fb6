import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import github from '@hub/connector-github';
import http from '@hub/connector-http';
import stripe from '@hub/connector-stripe';
import { defineConnector } from '@hub/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileHubConfig, loadHubConfig } from './compile-routes.js';

// GitHub's webhook under another id, declaring 3 handlers at once.
const tracker = defineConnector({ ...github, id: 'tracker', name: 'Tracker', concurrency: 3 });
const connectors = { stripe, http, tracker };

/** The problems compileHubConfig refuses `file` with (HUB_ROUTES_INVALID). */
function problemsOf(file: unknown): string[] {
  try {
    compileHubConfig(file, connectors);
  } catch (err) {
    expect((err as { code?: string }).code).toBe('HUB_ROUTES_INVALID');
    return (err as { details: { problems: string[] } }).details.problems;
  }
  throw new Error('the configuration was accepted');
}

describe('hub.config.yaml connectors.<id>.concurrency', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hub-concurrency-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("wins over the connector's declared value; the declared value applies without it", async () => {
    const path = join(dir, 'hub.config.yaml');
    await writeFile(path, 'connectors:\n  tracker: { concurrency: 2 }\n  stripe:\n    concurrency: 7\n');
    const config = await loadHubConfig(path, connectors);
    expect(config.concurrencyFor('tracker')).toEqual({ limit: 2, from: 'hub.config.yaml' });
    expect(config.concurrencyFor('stripe')).toEqual({ limit: 7, from: 'hub.config.yaml' });
    const declaredOnly = compileHubConfig({}, connectors);
    expect(declaredOnly.concurrencyFor('tracker')).toEqual({ limit: 3, from: 'declared' });
    expect(declaredOnly.concurrencyFor('stripe')).toBeUndefined(); // the worker's HUB_WORKER_CONCURRENCY applies
  });

  it.each([
    ['many', 'connectors.stripe.concurrency: a whole number of handlers from 1 to 500, e.g. `concurrency: 5`'],
    [2.5, 'connectors.stripe.concurrency: a whole number of handlers from 1 to 500, e.g. `concurrency: 5`'],
    [0, 'connectors.stripe.concurrency: at least 1 (to stop handling a connector, leave it out of HUB_CONNECTORS)'],
    [10_000, 'connectors.stripe.concurrency: at most 500 handlers per process; for more, run more worker processes of the connector'],
  ])('refuses %s, naming the field and what to write', (value, problem) => {
    expect(problemsOf({ connectors: { stripe: { concurrency: value } } })).toEqual([problem]);
  });

  it('reports a wrong value and a misplaced one together', () => {
    expect(problemsOf({ connectors: { stripe: { concurrency: -1 }, http: { concurrency: 4 } } })).toHaveLength(2);
  });

  it('refuses a concurrency for a connector without webhooks, saying to remove it', () => {
    expect(problemsOf({ connectors: { http: { concurrency: 4 } } })).toEqual([
      "connectors.http.concurrency: concurrency limits the handlers of http's webhooks, and http has no webhook: remove concurrency (calls to http are paced by rateLimit)",
    ]);
  });
});
