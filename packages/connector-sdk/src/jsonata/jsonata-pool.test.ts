import { afterEach, describe, expect, it } from 'vitest';
import { compileJsonata } from './compile-jsonata.js';
import { DEFAULT_JSONATA_LIMITS, type JsonataLimits } from './jsonata-limits.js';
import { JsonataPool } from './jsonata-pool.js';

const LOOP = '($f := function($x){ $f($x) }; $f(1))';
// One regular-expression step that backtracks for minutes: JSONata's own timeout never gets to look.
const BACKTRACK = '$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a+)+$/)';
const DEEP = '($f := function($x){ $x > 0 ? 1 + $f($x - 1) : 0 }; $f(100000))';

const pools: JsonataPool[] = [];
function pool(limits: Partial<JsonataLimits> = {}): JsonataPool {
  const created = new JsonataPool({ ...DEFAULT_JSONATA_LIMITS, timeoutMs: 400, ...limits });
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Every evaluator started and idle, so that an ordering test does not race a start. */
async function warm(p: JsonataPool): Promise<void> {
  await Promise.all(Array.from({ length: p.limits.processes }, (_, n) => p.evaluate(`${n}`, {})));
  await waitUntil(() => p.stats().starting === 0);
}

async function failure(evaluation: Promise<unknown>): Promise<{ code?: string; retryable?: boolean; details?: Record<string, unknown> }> {
  try {
    await evaluation;
  } catch (err) {
    return err as { code?: string; retryable?: boolean; details?: Record<string, unknown> };
  }
  throw new Error('expected the evaluation to fail');
}

describe('JsonataPool', () => {
  it('evaluates with bindings and gives plain data back (no value as undefined)', async () => {
    const p = pool();
    expect(await p.evaluate('{ "id": data.id, "event": $eventId, "n": $count(items) }', { data: { id: 'pi_1' }, items: [1, 2, 3] }, { eventId: 'e1' })).toEqual({ id: 'pi_1', event: 'e1', n: 3 });
    expect(await p.evaluate('missing.path', { data: 1 })).toBeUndefined();
    expect(await p.evaluate('items[$ > 1]', { items: [1, 2, 3] })).toEqual([2, 3]);
  });

  it('an expression that throws fails with HUB_JSONATA_EVALUATION_FAILED and JSONata\'s own code', async () => {
    const err = await failure(pool().evaluate('$x + "a"', {}, { x: 1 }));
    expect(err.code).toBe('HUB_JSONATA_EVALUATION_FAILED');
    expect(err.details?.jsonataCode).toBe('T2002');
    expect(err.retryable).toBe(false);
  });

  it('an endless recursion fails with HUB_JSONATA_TIMEOUT, and the evaluator goes on serving', async () => {
    const p = pool();
    const err = await failure(p.evaluate(LOOP, {}));
    expect(err.code).toBe('HUB_JSONATA_TIMEOUT');
    expect(err.retryable).toBe(false);
    expect(await p.evaluate('a + 1', { a: 1 })).toBe(2);
  });

  it('runs many waiting evaluations of one expression in batches on one evaluator, each with its own answer', async () => {
    const p = pool({ processes: 2 });
    const answers = await Promise.all(Array.from({ length: 200 }, (_, n) => p.evaluate('n * 2', { n })));
    expect(answers).toEqual(Array.from({ length: 200 }, (_, n) => n * 2));
    expect(p.stats()).toMatchObject({ busy: 0, queued: 0, restarts: 0 });
  });

  it('an evaluation killed in a batch fails alone: the ones handed with it run again and answer', async () => {
    const p = pool({ processes: 2 });
    await warm(p);
    // One expression: a regular expression that backtracks for minutes on the `slow` input only.
    const source = '$match(text, /^(a+)+$/) ? "matched" : "no match"';
    const inputs = ['ab', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', 'aa', 'b', 'aaa'];
    const settled = await Promise.allSettled(inputs.map((text) => p.evaluate(source, { text })));
    expect(settled.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code: string }).code))).toEqual(['no match', 'HUB_JSONATA_TIMEOUT', 'matched', 'no match', 'matched']);
    expect(p.stats().restarts).toBe(1);
  });

  it('a step that never returns is killed past the timeout; a fresh evaluator serves the next evaluation', async () => {
    const p = pool();
    expect(await p.evaluate('1', {})).toBe(1);
    const err = await failure(p.evaluate(BACKTRACK, {}));
    expect(err.code).toBe('HUB_JSONATA_TIMEOUT');
    expect(p.stats().restarts).toBe(1);
    expect(await p.evaluate('a & "b"', { a: 'a' })).toBe('ab');
    expect(p.stats()).toMatchObject({ busy: 0, queued: 0, restarts: 1 });
  });

  it('a recursion deeper than maxDepth fails with HUB_JSONATA_RESOURCE_LIMIT (maxDepth); a shallow one passes', async () => {
    const p = pool({ maxDepth: 200 });
    const err = await failure(p.evaluate(DEEP, {}));
    expect(err.code).toBe('HUB_JSONATA_RESOURCE_LIMIT');
    expect(err.details?.limit).toBe('maxDepth');
    expect(await p.evaluate('($f := function($x){ $x > 0 ? 1 + $f($x - 1) : 0 }; $f(10))', {})).toBe(10);
  });

  it('a result larger than maxResultBytes fails with HUB_JSONATA_RESOURCE_LIMIT (maxResultBytes)', async () => {
    // A time budget that load cannot run out: this is about the size limit (at 400 ms, [1..300000] timed out beside CPU-heavy tests).
    const p = pool({ maxResultBytes: 1024 * 1024, timeoutMs: 10_000 });
    const err = await failure(p.evaluate('$pad("", 50000000)', {}));
    expect(err.code).toBe('HUB_JSONATA_RESOURCE_LIMIT');
    expect(err.details?.limit).toBe('maxResultBytes');
    expect(await failure(p.evaluate('[1..300000]', {}))).toMatchObject({ code: 'HUB_JSONATA_RESOURCE_LIMIT' });
    expect(await p.evaluate('$length($pad("", 1000))', {})).toBe(1000);
  });

  it('an expression that needs more memory than memoryMb kills only its evaluator (HUB_JSONATA_RESOURCE_LIMIT, memoryMb)', async () => {
    const p = pool({ memoryMb: 32, timeoutMs: 5_000 });
    const err = await failure(p.evaluate('$count($append([1..10000000], [1..10000000]))', {}));
    expect(err.code).toBe('HUB_JSONATA_RESOURCE_LIMIT');
    expect(err.details?.limit).toBe('memoryMb');
    expect(await p.evaluate('$count([1..1000])', {})).toBe(1000);
  });

  it('an evaluation started while another loops is answered first: the caller and the other evaluator are free', async () => {
    const p = pool({ processes: 2 });
    await warm(p);
    const order: string[] = [];
    const looping = p.evaluate(BACKTRACK, {}).catch(() => order.push('looping failed'));
    const plain = p.evaluate('"done"', {}).then(() => order.push('plain answered'));
    await Promise.all([looping, plain]);
    expect(order).toEqual(['plain answered', 'looping failed']);
  });

  it('one expression never takes every evaluator, even before it has hit a limit', async () => {
    const p = pool({ processes: 2 });
    await warm(p);
    const order: string[] = [];
    const bad = [1, 2].map((n) => p.evaluate(BACKTRACK, {}).catch(() => order.push(`backtrack ${n} failed`)));
    const plain = p.evaluate('"done"', {}).then(() => order.push('plain answered'));
    await Promise.all([...bad, plain]);
    expect(order).toEqual(['plain answered', 'backtrack 1 failed', 'backtrack 2 failed']);
  });

  it('an expression that hit a limit runs one evaluation at a time: its next ones do not take every evaluator', async () => {
    // Three looping expressions and three evaluators: without this, the three would take them all.
    const p = pool({ processes: 3 });
    await warm(p);
    const loops = [LOOP, `${LOOP} & "2"`, `${LOOP} & "3"`];
    await Promise.all(loops.map((source) => failure(p.evaluate(source, {}))));
    const order: string[] = [];
    const bad = loops.map((source, n) => p.evaluate(source, {}).catch(() => order.push(`loop ${n + 1} failed`)));
    const plain = p.evaluate('"done"', {}).then(() => order.push('plain answered'));
    await Promise.all([...bad, plain]);
    expect(order).toEqual(['plain answered', 'loop 1 failed', 'loop 2 failed', 'loop 3 failed']);
  });

  it('refuses an evaluation beyond maxQueued with HUB_JSONATA_BUSY (retryable); the queued ones still run', async () => {
    const p = pool({ processes: 1, maxQueued: 2 });
    await p.evaluate('0', {});
    const running = p.evaluate(LOOP, {}).catch((err: { code?: string }) => err.code);
    const queued = [p.evaluate('1', {}), p.evaluate('2', {})];
    const err = await failure(p.evaluate('3', {}));
    expect(err.code).toBe('HUB_JSONATA_BUSY');
    expect(err.retryable).toBe(true);
    expect(await running).toBe('HUB_JSONATA_TIMEOUT');
    expect(await Promise.all(queued)).toEqual([1, 2]);
  });

  it('closed with drain, finishes what waits, refuses what comes (HUB_JSONATA_BUSY), then lets its evaluators go', async () => {
    const p = pool({ processes: 1 });
    await p.evaluate('0', {});
    const waiting = [p.evaluate('1', {}), p.evaluate('2', {}), p.evaluate('3', {})];
    await p.close('drain');
    expect((await failure(p.evaluate('4', {}))).code).toBe('HUB_JSONATA_BUSY');
    expect(await Promise.all(waiting)).toEqual([1, 2, 3]);
    await waitUntil(() => p.stats().processes === 0);
  });

  it('starts no evaluator before the first evaluation, then keeps one spare up to the limit', async () => {
    const p = pool({ processes: 2 });
    expect(p.stats().processes).toBe(0);
    await p.evaluate('1', {});
    expect(p.stats().processes).toBe(2);
  });
});

describe('compileJsonata', () => {
  it('checks the syntax in process and says where it fails', () => {
    expect(compileJsonata('a +')).toMatchObject({ ok: false, position: 3 });
    const compiled = compileJsonata('a + 1');
    expect(compiled.ok).toBe(true);
  });

  it('evaluates a compiled expression in the pool it was given', async () => {
    const p = pool();
    // A function call: not bounded, so it goes to the pool (bounded ones: in-process-evaluation.test.ts).
    const compiled = compileJsonata('$sum([a, a])', p);
    if (!compiled.ok) throw new Error(compiled.message);
    expect(await compiled.expression.evaluate({ a: 21 })).toBe(42);
    expect(p.stats().processes).toBeGreaterThan(0);
  });
});
