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
