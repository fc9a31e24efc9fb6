import jsonata from 'jsonata';
import { afterAll, describe, expect, it } from 'vitest';
import { isBoundedExpression } from './bounded-expression.js';
import { compileJsonata } from './compile-jsonata.js';
import { IN_PROCESS_MAX_INPUT_CHARS, JsonataExpression } from './jsonata-expression.js';
import { jsonLengthAtLeast } from '../../evaluator/evaluation-shared.mjs';
import { DEFAULT_JSONATA_LIMITS } from './jsonata-limits.js';
import { JsonataPool } from './jsonata-pool.js';

const jsonLongerThan = (values: unknown[], budget: number) => jsonLengthAtLeast(values, budget) > budget;

const pool = new JsonataPool({ ...DEFAULT_JSONATA_LIMITS, timeoutMs: 1_000, maxResultBytes: 4_096 });
afterAll(() => pool.close());

const bounded = (source: string) => isBoundedExpression(jsonata(source).ast());

async function outcome(evaluation: Promise<unknown>): Promise<{ value?: unknown; error?: { code?: string; message?: string; details?: unknown } }> {
  try {
    return { value: await evaluation };
  } catch (err) {
    const { code, message, details } = err as { code?: string; message?: string; details?: unknown };
    return { error: { code, message, details } };
  }
}

describe('isBoundedExpression', () => {
  it.each([
    '{ "url": "http://sink/ledger", "body": { "hubEventId": $eventId, "amount": data.object.amount } }',
    'data.object.amount',
    '$.a.b',
    '$$.a',
    '`odd name`.x',
    '[a, b, "c", 1, true, null]',
    '-a',
    'a & " " & b',
    'a * 2 + b / 3 - c % 4',
    'a > 1 and b = "x" or c in ["y", "z"]',
    'a ? b : c',
    '(a; b)',
  ])('%s runs in process', (source) => {
    expect(bounded(source)).toBe(true);
  });

  it.each([
    ['a function call', '$count(a)'],
    ['a lambda', 'function($x) { $x }'],
    ['a range', '[1..5]'],
    ['a predicate', 'a[0]'],
    ['a filter', 'a[b > 1]'],
    ['a grouping', 'a.b{"k": c}'],
    ['a computed key', '{ a: b }'],
    ['a wildcard', 'a.*'],
    ['descendants', '**.a'],
    ['a parent step', 'a.b.%.c'],
    ['a binding', '($x := 1; $x)'],
    ['a chain', 'a ~> $string()'],
    ['a regular expression', '/ab+/'],
    ['a sort', 'a^(b)'],
    ['a transform', '$ ~> | a | { "b": 1 } |'],
    ['a focus binding', 'a@$x.b'],
    ['an index binding', 'a#$i.b'],
    ['a call inside a constructor', '{ "n": $count(a) }'],
  ])('%s (%s) goes to the evaluators', (_what, source) => {
    expect(bounded(source)).toBe(false);
  });
});

describe('a bounded expression evaluated in process', () => {
  const input = { a: 6, b: 'x', c: [1, 2, 3], items: [{ id: 1, tags: ['t'] }, { id: 2 }], nested: { deep: { value: 'v' } }, missing: null };
  const bindings = { eventId: 'evt_1', account: undefined, canonical: { total: 12.5 } };

  it.each([
    '{ "id": $eventId, "a": a, "total": $canonical.total, "account": $account }',
    'items.id',
    'items.tags',
    'c',
    'nested',
    'nosuchfield',
    '{ "gone": nosuchfield, "kept": b }',
    '[c]',
    'a / 4',
    'b & nested.deep.value & a',
    'a > 5 ? "big" : "small"',
    '"a" + 1',
    '$',
  ])('answers %s exactly as an evaluator does', async (source) => {
    const compiled = compileJsonata(source, pool);
    if (!compiled.ok) throw new Error(compiled.message);
    expect(compiled.expression.runsInProcess).toBe(true);
    const viaEvaluator = new JsonataExpression(source, pool);
    expect(await outcome(compiled.expression.evaluate(input, bindings))).toEqual(await outcome(viaEvaluator.evaluate(input, bindings)));
  });

  it('gives back plain data of its own, not the input objects', async () => {
    const compiled = compileJsonata('{ "n": nested }', pool);
    if (!compiled.ok) throw new Error(compiled.message);
    const value = (await compiled.expression.evaluate(input)) as { n: { deep: { value: string } } };
    value.n.deep.value = 'changed';
    expect(input.nested.deep.value).toBe('v');
  });

  it('refuses a result larger than maxResultBytes as the evaluators do', async () => {
    const compiled = compileJsonata('{ "all": $ }', pool);
    if (!compiled.ok) throw new Error(compiled.message);
    const large = { text: 'x'.repeat(5_000) };
    expect(await outcome(compiled.expression.evaluate(large))).toEqual(await outcome(new JsonataExpression('{ "all": $ }', pool).evaluate(large)));
    expect((await outcome(compiled.expression.evaluate(large))).error).toMatchObject({ code: 'HUB_JSONATA_RESOURCE_LIMIT', details: { limit: 'maxResultBytes' } });
  });

  it('starts no evaluator process', async () => {
    const own = new JsonataPool({ ...DEFAULT_JSONATA_LIMITS });
    try {
      const compiled = compileJsonata('{ "id": $eventId, "amount": data.object.amount }', own);
      if (!compiled.ok) throw new Error(compiled.message);
      expect(await compiled.expression.evaluate({ data: { object: { amount: 5 } } }, { eventId: 'e' })).toEqual({ id: 'e', amount: 5 });
      expect(own.stats().processes).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('leaves an input longer than IN_PROCESS_MAX_INPUT_CHARS to the evaluators (a long path walk would hold the event loop)', async () => {
    const own = new JsonataPool({ ...DEFAULT_JSONATA_LIMITS });
    try {
      const compiled = compileJsonata('items.id', own);
      if (!compiled.ok) throw new Error(compiled.message);
      const items = Array.from({ length: 2_000 }, (_, i) => ({ id: `item_${i}`, note: 'n'.repeat(40) }));
      expect(jsonLongerThan([{ items }], IN_PROCESS_MAX_INPUT_CHARS)).toBe(true);
      expect(await compiled.expression.evaluate({ items })).toEqual(items.map((i) => i.id));
      expect(own.stats().processes).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });
});

describe('jsonLengthAtLeast', () => {
  it('measures JSON length closely enough to tell a small input from a large one, bindings included', () => {
    const payload = { id: 'evt_1', data: { object: { amount: 1200, currency: 'usd', tags: ['a', 'b'] } } };
    expect(jsonLongerThan([payload, { eventId: 'e' }], JSON.stringify(payload).length + 40)).toBe(false);
    expect(jsonLongerThan([payload], JSON.stringify(payload).length / 2)).toBe(true);
    expect(jsonLongerThan([{ text: 'x'.repeat(100) }, undefined], 90)).toBe(true);
    expect(jsonLongerThan([{}, { note: 'x'.repeat(100) }], 90)).toBe(true);
  });
});
