import { describe, expect, it } from 'vitest';
import { Batcher } from './index.js';

/** A flush that records each batch and waits until the test releases it. */
function controlledFlush<I, R>(compute: (item: I) => R) {
  const batches: I[][] = [];
  const gates: { release: () => void; fail: (err: unknown) => void }[] = [];
  const flush = (items: I[]) => {
    batches.push([...items]);
    return new Promise<R[]>((resolve, reject) => {
      gates.push({ release: () => resolve(items.map(compute)), fail: reject });
    });
  };
  return { flush, batches, gates };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Batcher', () => {
  it('flushes the items submitted in the same tick together', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(async (items) => {
      batches.push(items);
      return items.map((n) => n * 10);
    }, { maxBatch: 100, maxInFlight: 4 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    expect(batches).toEqual([[1, 2, 3, 4, 5]]);
    expect(results).toEqual([10, 20, 30, 40, 50]);
  });

  it('gives each caller the result at its own position', async () => {
    const batcher = new Batcher<string, string>(async (items) => items.map((s) => s.toUpperCase()), { maxBatch: 3, maxInFlight: 2 });
    const words = ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'f', 'gg'];
    const results = await Promise.all(words.map((w) => batcher.submit(w)));
    expect(results).toEqual(words.map((w) => w.toUpperCase()));
  });

  it('splits a burst into batches of at most maxBatch, in order', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(async (items) => {
      batches.push(items);
      return items;
    }, { maxBatch: 4, maxInFlight: 10 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(i)));
    expect(batches).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it('with maxInFlight 1, batches the items that arrive during a flush into the next flush', async () => {
    const { flush, batches, gates } = controlledFlush((n: number) => n);
    const batcher = new Batcher(flush, { maxBatch: 100, maxInFlight: 1 });
    const first = batcher.submit(1);
    await tick();
    expect(batches).toEqual([[1]]);

    const later = [2, 3, 4].map((n) => batcher.submit(n));
    await tick();
    await tick();
    expect(batches).toHaveLength(1); // still waiting for the first flush
    const fifth = batcher.submit(5);
    await tick();
    expect(batches).toHaveLength(1);

    gates[0]?.release();
    await expect(first).resolves.toBe(1);
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
    gates[1]?.release();
    await expect(Promise.all([...later, fifth])).resolves.toEqual([2, 3, 4, 5]);
  });

  it('runs at most maxInFlight flushes at once', async () => {
    let running = 0;
    let most = 0;
    const batcher = new Batcher<number, number>(async (items) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return items;
    }, { maxBatch: 1, maxInFlight: 2 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => batcher.submit(i)));
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(most).toBe(2);
  });

  it('rejects exactly the promises of a failed batch, and later batches still work', async () => {
    const { flush, gates } = controlledFlush((n: number) => n * 2);
    const batcher = new Batcher(flush, { maxBatch: 2, maxInFlight: 2 });
    const outcomes = [1, 2, 3, 4].map((n) => batcher.submit(n).then((value) => ({ value }), (error: unknown) => ({ error })));
    await tick();
    const failure = Object.assign(new Error('write failed'), { code: 'TEST_FLUSH_FAILED' });
    gates[0]?.fail(failure);
    gates[1]?.release();
    expect(await Promise.all(outcomes)).toEqual([{ error: failure }, { error: failure }, { value: 6 }, { value: 8 }]);

    const after = batcher.submit(5);
    await tick();
    gates[2]?.release();
    await expect(after).resolves.toBe(10);
  });

  it('resolves idle() at once when nothing was submitted', async () => {
    const batcher = new Batcher<number, number>(async (items) => items, { maxBatch: 10, maxInFlight: 1 });
    await expect(batcher.idle()).resolves.toBeUndefined();
  });

  it('resolves idle() only once every submitted item has settled', async () => {
    const { flush, gates } = controlledFlush((n: number) => n);
    const batcher = new Batcher(flush, { maxBatch: 1, maxInFlight: 1 });
    const settled: number[] = [];
    for (const n of [1, 2, 3]) void batcher.submit(n).then(() => settled.push(n), () => settled.push(-n));
    await tick();
    let idle = false;
    const idlePromise = batcher.idle().then(() => {
      idle = true;
    });
    gates[0]?.release();
    await tick();
    await tick();
    expect(idle).toBe(false);
    gates[1]?.fail(new Error('boom'));
    await tick();
    await tick();
    expect(idle).toBe(false);
    gates[2]?.release();
    await idlePromise;
    expect(settled).toEqual([1, -2, 3]);
  });
});
