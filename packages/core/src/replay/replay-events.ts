import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { hubError } from '../errors/index.js';
import { EventTypes } from '../event-store/index.js';
import { selectForReplay, type ReplaySelection } from './select-for-replay.js';

export interface ReplayRequest {
  selection: ReplaySelection;
  /** Who asked (`cli:alice`, `api:token`, `slack:U123`): recorded on every webhook.replayed. */
  actor: string;
  /** Why: recorded with the replay. */
  reason: string;
  /** Count what would be replayed; write nothing. */
  dryRun?: boolean;
  /** Events queued per second at most, so a large replay does not flood the connector's queue. */
  ratePerSecond?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface ReplayReport {
  replayId: string;
  dryRun: boolean;
  selected: number;
  replayed: number;
  /** Ids that were asked for but are not webhook events of this hub. */
  missing: string[];
  eventIds: string[];
}

// webhook.replayed and the outbox row (marked replay) are written together: a replay that is
// recorded is also sent, and the worker re-runs the event (idempotency keys keep side effects single).
const REPLAY_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, stream uuid, connector text)
), recorded AS (
  INSERT INTO events (id, stream, connector, account, type, data, actor)
  SELECT i.id, i.stream, i.connector, r.account, '${EventTypes.webhookReplayed}', $2::jsonb, $3
  FROM input i JOIN events r ON r.id = i.stream
  RETURNING stream, connector
)
INSERT INTO outbox (event_id, connector, replay) SELECT stream, connector, true FROM recorded`;

const CHUNK = 100;

/** Replays events from the event store (not from SQS): one domain function for the API, the CLI and Slack. */
export async function replayEvents(pool: pg.Pool, request: ReplayRequest, onQueued: () => void = () => undefined): Promise<ReplayReport> {
  if (!request.reason.trim()) throw hubError('HUB_BAD_REQUEST', 'say why you replay (--reason): it is recorded with the replay');
  const { found, missing } = await selectForReplay(pool, request.selection);
  const replayId = randomUUID();
  const report: ReplayReport = { replayId, dryRun: Boolean(request.dryRun), selected: found.length, replayed: 0, missing, eventIds: found.map((f) => f.eventId) };
  if (request.dryRun || found.length === 0) return report;

  const rate = Math.max(1, request.ratePerSecond ?? 500);
  const data = JSON.stringify({ replayId, reason: request.reason });
  for (let i = 0; i < found.length; i += CHUNK) {
    const started = Date.now();
    const chunk = found.slice(i, i + CHUNK).map((f) => ({ id: uuidv7(), stream: f.eventId, connector: f.connector }));
    await pool.query(REPLAY_SQL, [JSON.stringify(chunk), data, request.actor]);
    report.replayed += chunk.length;
    onQueued();
    request.onProgress?.({ done: report.replayed, total: found.length });
    const minimumMs = (chunk.length / rate) * 1000;
    const elapsed = Date.now() - started;
    if (report.replayed < found.length && elapsed < minimumMs) await new Promise((resolve) => setTimeout(resolve, minimumMs - elapsed));
  }
  return report;
}
