import type { ChaosWorld } from './chaos-world.js';
import { outcomes } from './ledger.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until every webhook acknowledged before `until` has an outcome; answers when (or undefined). */
export async function waitSettled(world: ChaosWorld, until: number, maxMs: number): Promise<number | undefined> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const before = world.load.sent.filter((s) => s.eventId && s.sentAt < until);
    const seen = await outcomes(world.db, before, [...world.providers.values()]).catch(() => undefined);
    if (seen && [...seen.values()].every((o) => o !== 'none')) return Date.now();
    if (Date.now() > deadline) return undefined;
    await sleep(1_000);
  }
}

/**
 * Waits until the backlog a fault left is gone: events acknowledged just now get their outcome
 * within `lagMs`. The next fault then starts from calm, and its latency figures are its own, not
 * the tail of the fault before.
 */
export async function waitDrained(world: ChaosWorld, maxMs: number, lagMs = 2_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const mark = Date.now();
    const settledAt = await waitSettled(world, mark, deadline - mark);
    if (!settledAt || settledAt - mark <= lagMs) return;
  }
}
