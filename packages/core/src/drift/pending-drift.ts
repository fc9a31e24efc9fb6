import type pg from 'pg';
import { EventTypes } from '../event-store/index.js';
import { shapeJsonPath } from './shape-json-path.js';
import type { SchemaDiff } from './shape-diff.js';

/**
 * Webhooks of the connector read per drift, newest first, to count those of the new shape: the
 * count stays a bounded read whatever the traffic since the drift (then it reads "N+": at least N).
 */
export const NEW_SHAPE_SCAN_CAP = 10_000;
/** Drift reports read per connector: a provider changing its format thousands of times is one screen anyway. */
const MAX_REPORTS = 1_000;

/** An event type whose payloads drifted and that no operator has accepted since. */
export interface PendingDrift {
  eventType: string;
  /** Every change reported since the last acceptance, folded into one diff (latest type wins). */
  diff: SchemaDiff;
  /** Drift reports folded in (each a new shape the detector saw). */
  reports: number;
  /** When the first webhook of a drifted shape arrived. */
  firstSeenAt: Date;
  /** The latest webhook of the new shape (or the latest report). */
  lastSeenAt: Date;
  /** Webhooks of this event type since firstSeenAt that have the new shape (added and retyped fields present with their new types, removed ones absent). */
  newShapeEvents: number;
  /** More webhooks arrived since firstSeenAt than NEW_SHAPE_SCAN_CAP: newShapeEvents counts the newest of them only (at least that many). */
  newShapeEventsCapped: boolean;
  /** The webhook of the latest report (its payload shows the drift). */
  sampleEventId: string;
  /** Webhooks of this event type quarantined since firstSeenAt. */
  quarantined: number;
}

interface ReportRow {
  stream: string;
  event_type: string;
  account: string | null;
  data: SchemaDiff;
  received_at: Date;
}

/** Folds the reports (oldest first) into one diff: what changed between the accepted shape and now. */
export function foldDiffs(diffs: readonly SchemaDiff[]): SchemaDiff {
  const added = new Map<string, string>();
  const removed = new Map<string, string>();
  const retyped = new Map<string, { from: string; to: string }>();
  for (const diff of diffs) {
    for (const a of diff.added ?? []) {
      // Back after being removed: the baseline had it, so it is no change, or a retype.
      const before = removed.get(a.path);
      if (before === undefined) added.set(a.path, a.type);
      else {
        removed.delete(a.path);
        if (before !== a.type) retyped.set(a.path, { from: before, to: a.type });
      }
    }
    for (const r of diff.removed ?? []) {
      if (!added.delete(r.path)) removed.set(r.path, r.type);
      retyped.delete(r.path);
    }
    for (const r of diff.retyped ?? []) {
      if (added.has(r.path)) added.set(r.path, r.to);
      else retyped.set(r.path, { from: retyped.get(r.path)?.from ?? r.from, to: r.to });
    }
  }
  return {
    added: [...added].map(([path, type]) => ({ path, type })),
    removed: [...removed].map(([path, type]) => ({ path, type })),
    retyped: [...retyped].map(([path, t]) => ({ path, ...t })),
  };
}

/** jsonpaths the new shape matches (true) or must not match (false). */
function shapeConditions(diff: SchemaDiff): { paths: string[]; present: boolean[] } {
  const conditions: [string, boolean][] = [
    ...diff.added.map((a): [string, boolean] => [shapeJsonPath(a.path, a.type.split('|')), true]),
    ...diff.retyped.map((r): [string, boolean] => [shapeJsonPath(r.path, r.to.split('|')), true]),
    ...diff.removed.map((r): [string, boolean] => [shapeJsonPath(r.path), false]),
  ];
  return { paths: conditions.map(([p]) => p), present: conditions.map(([, p]) => p) };
}

// The connector's newest webhooks since the drift (the (connector, type, created_at) index, at most
// CAP + 1 rows), then those of the event type, account and shape among them.
const NEW_SHAPE_SQL = `
SELECT count(*) FILTER (WHERE matches)::int AS n, max(created_at) FILTER (WHERE matches) AS last, count(*)::int AS scanned FROM (
  SELECT e.created_at, e.data->>'eventType' = $3 AND ($4::text IS NULL OR e.account = $4)
    AND (SELECT coalesce(bool_and(jsonb_path_exists(e.data->'payload', c.path::jsonpath, '{}', true) IS NOT DISTINCT FROM c.present), true)
         FROM unnest($5::text[], $6::boolean[]) AS c(path, present)) AS matches
  FROM (SELECT created_at, account, data FROM events
        WHERE connector = $1 AND type = '${EventTypes.webhookReceived}' AND created_at >= $2
        ORDER BY created_at DESC LIMIT ${NEW_SHAPE_SCAN_CAP + 1}) AS e) AS m`;

const QUARANTINED_SQL = `
SELECT count(*)::int AS n FROM events q
JOIN events r ON r.stream = q.stream AND r.type = '${EventTypes.webhookReceived}'
WHERE q.connector = $1 AND q.type = '${EventTypes.webhookQuarantined}' AND q.created_at >= $2 AND r.data->>'eventType' = $3
  AND ($4::text IS NULL OR q.account = $4)`;

/**
 * The connector's drifts no operator has accepted yet, one per event type, oldest drift first:
 * `schema.drift` reports newer than the event type's last `schema.drift_accepted`, with how many
 * webhooks have the new shape and how many of that event type were quarantined since. With
 * `account`, the counts are that account's, and only drifts it sent webhooks of are listed.
 */
export async function listPendingDrift(pool: Pick<pg.Pool, 'query'>, connector: string, { account }: { account?: string | undefined } = {}): Promise<PendingDrift[]> {
  const { rows } = await pool.query<ReportRow>(
    `WITH accepted AS (
       SELECT data->>'eventType' AS event_type, max(created_at) AS at FROM events
       WHERE connector = $1 AND type = '${EventTypes.schemaDriftAccepted}' GROUP BY 1
     )
     SELECT d.stream, d.data->>'eventType' AS event_type, d.account, d.data,
            coalesce((SELECT r.created_at FROM events r WHERE r.stream = d.stream AND r.type = '${EventTypes.webhookReceived}' LIMIT 1), d.created_at) AS received_at
     FROM events d LEFT JOIN accepted a ON a.event_type = d.data->>'eventType'
     WHERE d.connector = $1 AND d.type = '${EventTypes.schemaDrift}' AND (a.at IS NULL OR d.created_at > a.at)
     ORDER BY d.created_at, d.id LIMIT ${MAX_REPORTS}`,
    [connector],
  );
  const byType = new Map<string, ReportRow[]>();
  for (const row of rows) byType.set(row.event_type, [...(byType.get(row.event_type) ?? []), row]);
  const pending = await Promise.all(
    [...byType].map(async ([eventType, reports]) => {
      const first = reports[0] as ReportRow;
      const latest = reports[reports.length - 1] as ReportRow;
      const diff = foldDiffs(reports.map((r) => r.data));
      const { paths, present } = shapeConditions(diff);
      const scope = [connector, first.received_at, eventType, account ?? null];
      const [shape, quarantined] = await Promise.all([
        pool.query<{ n: number; last: Date | null; scanned: number }>(NEW_SHAPE_SQL, [...scope, paths, present]),
        pool.query<{ n: number }>(QUARANTINED_SQL, scope),
      ]);
      const matched = shape.rows[0]?.n ?? 0;
      const capped = (shape.rows[0]?.scanned ?? 0) > NEW_SHAPE_SCAN_CAP;
      const lastMatch = shape.rows[0]?.last ?? null;
      const entry: PendingDrift = {
        eventType,
        diff,
        reports: reports.length,
        firstSeenAt: first.received_at,
        lastSeenAt: lastMatch && lastMatch > latest.received_at ? lastMatch : latest.received_at,
        newShapeEvents: matched,
        newShapeEventsCapped: capped,
        sampleEventId: latest.stream,
        quarantined: quarantined.rows[0]?.n ?? 0,
      };
      const fromAccount = account === undefined || matched > 0 || reports.some((r) => r.account === account);
      return fromAccount ? entry : undefined;
    }),
  );
  return pending.filter((p): p is PendingDrift => p !== undefined);
}
