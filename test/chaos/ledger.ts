import type pg from 'pg';
import type { ChaosProvider } from './provider.js';
import type { Sent } from './load.js';

/** A span of the run: a fault (or the calm baseline) from its start to the end of its recovery wait. */
export interface PhaseWindow {
  name: string;
  /** The connector the fault is about (a provider down, a queue deleted), when there is one. */
  faulted?: string;
  from: number;
  to: number;
  /** When the fault ended (service back, process restarted). */
  recoveredAt?: number;
  /** When, after that, every webhook acknowledged so far had an outcome (undefined: not within the wait). */
  settledAt?: number;
  /** Checks of the phase's own (e.g. PostgreSQL down: never a 2xx). */
  checks?: Record<string, string | number>;
}

export type Outcome = 'delivered' | 'dead_lettered' | 'quarantined' | 'none';

/** The outcome of each acknowledged event: at a provider, or dead-lettered / quarantined in the store. */
export async function outcomes(db: pg.Pool, sent: readonly Sent[], providers: readonly ChaosProvider[]): Promise<Map<string, Outcome>> {
  const delivered = new Set<string>();
  for (const provider of providers) for (const a of provider.arrivals) if (a.applied && a.hubEventId) delivered.add(a.hubEventId);
  const acked = [...new Set(sent.flatMap((s) => (s.eventId ? [s.eventId] : [])))];
  const { rows } = await db.query<{ stream: string; type: string }>(
    `SELECT DISTINCT ON (stream) stream::text, type FROM events
     WHERE stream = ANY($1::uuid[]) AND type IN ('webhook.dead_lettered', 'webhook.quarantined', 'webhook.processed', 'webhook.replayed', 'webhook.requeued')
     ORDER BY stream, id DESC`,
    [acked],
  );
  const last = new Map(rows.map((r) => [r.stream, r.type]));
  const result = new Map<string, Outcome>();
  for (const id of acked) {
    const type = last.get(id);
    result.set(id, delivered.has(id) ? 'delivered' : type === 'webhook.dead_lettered' ? 'dead_lettered' : type === 'webhook.quarantined' ? 'quarantined' : 'none');
  }
  return result;
}

export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** ms from sending to the first applied arrival at the provider, per event id. */
export function deliveryTimes(sent: readonly Sent[], providers: readonly ChaosProvider[]): Map<string, number> {
  const firstApplied = new Map<string, number>();
  for (const provider of providers) for (const a of provider.arrivals) if (a.applied && a.hubEventId && !firstApplied.has(a.hubEventId)) firstApplied.set(a.hubEventId, a.at);
  const times = new Map<string, number>();
  for (const s of sent) {
    const at = s.eventId ? firstApplied.get(s.eventId) : undefined;
    if (s.eventId && at !== undefined && !times.has(s.eventId)) times.set(s.eventId, at - s.sentAt);
  }
  return times;
}

/** The same (event, route) applied more than once at a provider: under another key, the provider could not tell. */
export function duplicateSideEffects(providers: readonly ChaosProvider[]): number {
  let duplicates = 0;
  for (const provider of providers) {
    const applied = new Map<string, number>();
    for (const a of provider.arrivals) if (a.applied && a.hubEventId) applied.set(a.hubEventId, (applied.get(a.hubEventId) ?? 0) + 1);
    for (const n of applied.values()) duplicates += n - 1;
  }
  return duplicates;
}

/** Arrivals beyond the limit within any trailing second, and the busiest second, per provider. */
export function rateLimitViolations(provider: ChaosProvider, limitPerSecond: number): { violations: number; busiestSecond: number } {
  const times = provider.arrivals.map((a) => a.at).sort((a, b) => a - b);
  let start = 0;
  let violations = 0;
  let busiest = 0;
  for (let i = 0; i < times.length; i += 1) {
    while ((times[i] as number) - (times[start] as number) >= 1_000) start += 1;
    const inWindow = i - start + 1;
    busiest = Math.max(busiest, inWindow);
    if (inWindow > limitPerSecond) violations += 1;
  }
  return { violations, busiestSecond: busiest };
}
