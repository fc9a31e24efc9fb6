import type pg from 'pg';
import { EventTypes } from '../event-store/index.js';

/** The failure classes of the resilience engine, as the health windows count them. */
export const ERROR_CLASSES = { transient: 'transient', permanent: 'permanent', dataFormat: 'data_format' } as const;
export type ErrorClassKey = keyof typeof ERROR_CLASSES;

export interface RecentError {
  /** The webhook event that failed (the stream). */
  eventId: string;
  /** HUB_… code of the failure, when it had one. */
  code: string | null;
  /** What went wrong: the failure's message, or a quarantine's reason. */
  message: string | null;
  /** The route whose action failed (absent for a payload that failed its schema). */
  route: string | null;
  /** `failed` (webhook.failed) or `quarantined` (webhook.quarantined). */
  outcome: 'failed' | 'quarantined';
  at: Date;
  ageMs: number;
}

export type RecentErrors = Record<ErrorClassKey, RecentError[]>;

/** How far back recentErrors looks unless told otherwise: 7 days. */
export const RECENT_ERRORS_LOOKBACK_MS = 7 * 86_400_000;

export interface RecentErrorsOptions {
  /** How many of each class, newest first (default 5). */
  perClass?: number;
  /** Look no further back than this (default RECENT_ERRORS_LOOKBACK_MS before `now`): bounds the index walk of a connector that rarely fails in one class. */
  since?: Date;
  now?: Date;
}

// Where each class is recorded: a failed attempt is transient or permanent, a quarantine is data format.
// Naming the pairs (not every type × class) keeps a walk from scanning a type for a class it never holds.
const SOURCES: readonly (readonly [type: string, cls: string])[] = [
  [EventTypes.webhookFailed, ERROR_CLASSES.transient],
  [EventTypes.webhookFailed, ERROR_CLASSES.permanent],
  [EventTypes.webhookQuarantined, ERROR_CLASSES.dataFormat],
];

// One ordered index walk per source on events (connector, type, created_at), each stopping after
// `perClass` hits: its cost is the rows of that type it passes over, bounded by `since`.
const SQL = `
SELECT k.class, e.stream, e.type, e.created_at, e.code, e.message, e.route
FROM unnest($2::text[], $3::text[]) AS k(type, class)
CROSS JOIN LATERAL (
  SELECT stream, type, created_at, data->>'code' AS code, coalesce(data->>'message', data->>'reason') AS message, data->>'route' AS route
  FROM events
  WHERE connector = $1 AND type = k.type AND created_at >= $4 AND created_at <= $5 AND data->>'class' = k.class
  ORDER BY created_at DESC
  LIMIT $6
) AS e`;

/**
 * The last errors of a connector by class (transient, permanent, data format): code, message,
 * age and event id of the newest few of each. Read by `/hub health <connector>`, `hub health
 * <connector>` and the console, so all three show the same errors.
 */
export async function recentErrors(pool: Pick<pg.Pool, 'query'>, connector: string, options: RecentErrorsOptions = {}): Promise<RecentErrors> {
  const now = options.now ?? new Date();
  const since = options.since ?? new Date(now.getTime() - RECENT_ERRORS_LOOKBACK_MS);
  const perClass = Math.max(1, options.perClass ?? 5);
  const { rows } = await pool.query<{ class: string; stream: string; type: string; created_at: Date; code: string | null; message: string | null; route: string | null }>(SQL, [
    connector,
    SOURCES.map(([type]) => type),
    SOURCES.map(([, cls]) => cls),
    since,
    now,
    perClass,
  ]);
  const result: RecentErrors = { transient: [], permanent: [], dataFormat: [] };
  const keyOf = Object.fromEntries(Object.entries(ERROR_CLASSES).map(([key, cls]) => [cls, key as ErrorClassKey]));
  for (const row of rows) {
    const key = keyOf[row.class];
    if (!key) continue;
    result[key].push({
      eventId: row.stream,
      code: row.code,
      message: row.message,
      route: row.route,
      outcome: row.type === EventTypes.webhookQuarantined ? 'quarantined' : 'failed',
      at: row.created_at,
      ageMs: Math.max(0, now.getTime() - row.created_at.getTime()),
    });
  }
  for (const key of Object.keys(result) as ErrorClassKey[]) {
    result[key] = result[key].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, perClass);
  }
  return result;
}
