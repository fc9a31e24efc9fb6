import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rule of CONTRIBUTING's "Object literals on hot paths", run with the project's own config.
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });
const LEADING_SPREAD = /starts with a spread/;

async function messagesFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
}

const source = (literal: string) => `export const f = (base: { stream: string }, data: unknown) => (${literal});\n`;

describe('object literals on the hot paths', () => {
  it('refuses a literal that starts with a spread and goes on, in the worker, the ingress and the processing code', async () => {
    for (const file of ['packages/core/src/processing/new-step.ts', 'packages/core/src/queue/new-call.ts', 'apps/ingress/src/new-route.ts', 'apps/worker/src/new-start.ts']) {
      expect(await messagesFor(source('{ ...base, type: "x", data }'), file), file).toEqual([expect.stringMatching(LEADING_SPREAD)]);
    }
    // Two spreads cost the same: the second copies into the first one's detached hidden class.
    expect(await messagesFor(source('{ ...base, ...(data ? { data } : {}) }'), 'packages/core/src/event-store/x.ts')).toEqual([expect.stringMatching(LEADING_SPREAD)]);
  });

  it('takes the rewrites it names, a lone spread, and the pattern outside the hot paths or in tests', async () => {
    const hot = 'packages/core/src/processing/new-step.ts';
    expect(await messagesFor(source('{ type: "x", data, ...base }'), hot)).toEqual([]);
    expect(await messagesFor(source('Object.assign({}, base, { type: "x", data })'), hot)).toEqual([]);
    expect(await messagesFor('export const f = (base: { stream: string }) => ({ ...base });\n', hot)).toEqual([]);
    expect(await messagesFor(source('{ ...base, type: "x", data }'), 'packages/core/src/alerts/new-alert.ts')).toEqual([]);
    expect(await messagesFor(source('{ ...base, type: "x", data }'), 'packages/core/src/processing/new-step.test.ts')).toEqual([]);
  });
});
