import type pg from 'pg';
import { withTransaction } from '../db/index.js';
import { EventTypes, type EventStore } from '../event-store/index.js';
import { extractShape, shapeHash, shapeSignature, structureDigest } from './payload-shape.js';
import { diffShape, EMPTY_OBSERVED, isEmptyDiff, mergeShape, type ObservedShape, type SchemaDiff } from './shape-diff.js';

export interface ObservePayload {
  /** Our webhook event id: the schema.drift event goes in its stream, so it shows in its timeline. */
  stream: string;
  connector: string;
  account: string | null;
  eventType: string;
  payload: unknown;
}

export interface DriftDetectorOptions {
  /** Shape signatures, and structure digests, remembered per event type before each memory is cleared (bounds memory). */
  maxCachedShapes?: number;
}

/**
 * Keeps the observed shape of each event type per connector in PostgreSQL and appends
 * `schema.drift` when a payload's fields differ. A shape this process has folded in before
 * costs one hash lookup; a new one takes a transaction that locks the event type's row, so
 * two workers seeing the same new shape report it once (the second finds its digest stored).
 */
export class DriftDetector {
  /** Per connector and event type, the signatures of shapes already folded in (see shapeSignature). */
  private readonly known = new Map<string, Set<string>>();
  /** Per connector and event type, the structure digests of payloads whose shape was known (see structureDigest). */
  private readonly knownDigests = new Map<string, Set<number>>();
  /** New shapes being folded in now, by event type and signature: concurrent payloads of one shape share the transaction. */
  private readonly folding = new Map<string, Promise<SchemaDiff | undefined>>();
  private readonly maxCachedShapes: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    options: DriftDetectorOptions = {},
  ) {
    this.maxCachedShapes = options.maxCachedShapes ?? 256;
  }

  /** Returns the drift it recorded, if any (the event is durable when the promise settles). */
  async observe(input: ObservePayload): Promise<SchemaDiff | undefined> {
    const key = `${input.connector}\u0000${input.eventType}`;
    const digest = structureDigest(input.payload);
    if (this.knownDigests.get(key)?.has(digest)) return undefined;
    const shape = extractShape(input.payload);
    const signature = shapeSignature(shape);
    if (this.known.get(key)?.has(signature)) {
      remember(this.knownDigests, key, digest, this.maxCachedShapes);
      return undefined;
    }
    // A burst of one new shape (a worker starting on a backlog) took the row lock once per payload,
    // each holding a pooled connection while it waited: the batched reads and writes stalled behind.
    const inFlight = `${key}\u0000${signature}`;
    const running = this.folding.get(inFlight);
    if (running) {
      await running;
      return undefined; // reported once, by the payload that folded the shape in
    }
    const folding = this.fold(input, key, shape, signature);
    this.folding.set(inFlight, folding);
    try {
      return await folding;
    } finally {
      this.folding.delete(inFlight);
    }
  }

  private async fold(input: ObservePayload, key: string, shape: ReturnType<typeof extractShape>, signature: string): Promise<SchemaDiff | undefined> {
    const hash = shapeHash(shape);
    const drift = await withTransaction(this.pool, async (client): Promise<SchemaDiff | undefined> => {
      await client.query(`INSERT INTO observed_shapes (connector, event_type, shape) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [input.connector, input.eventType, EMPTY_OBSERVED]);
      const { rows } = await client.query<{ shape: ObservedShape }>(`SELECT shape FROM observed_shapes WHERE connector = $1 AND event_type = $2 FOR UPDATE`, [input.connector, input.eventType]);
      const fresh = await client.query(`INSERT INTO observed_shape_hashes (connector, event_type, hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [input.connector, input.eventType, hash]);
      if (fresh.rowCount !== 1) return undefined;
      const observed = rows[0]?.shape ?? EMPTY_OBSERVED;
      const diff = diffShape(observed, shape);
      await client.query(`UPDATE observed_shapes SET shape = $3, updated_at = now() WHERE connector = $1 AND event_type = $2`, [input.connector, input.eventType, mergeShape(observed, shape)]);
      if (isEmptyDiff(diff)) return undefined;
      await this.store.append([{ stream: input.stream, connector: input.connector, account: input.account, type: EventTypes.schemaDrift, data: { eventType: input.eventType, ...diff } }], client);
      return diff;
    });
    remember(this.known, key, signature, this.maxCachedShapes);
    return drift;
  }
}

/** Adds `value` to the set of `key`, cleared first when it holds `max` (bounds memory). */
function remember<T>(sets: Map<string, Set<T>>, key: string, value: T, max: number): void {
  let set = sets.get(key);
  if (!set || set.size >= max) {
    set = new Set();
    sets.set(key, set);
  }
  set.add(value);
}

/** The observed shapes of a connector's event types (console, CLI). */
export async function readObservedShapes(pool: pg.Pool, connector: string): Promise<{ eventType: string; shape: ObservedShape; updatedAt: Date }[]> {
  const { rows } = await pool.query<{ event_type: string; shape: ObservedShape; updated_at: Date }>(
    `SELECT event_type, shape, updated_at FROM observed_shapes WHERE connector = $1 ORDER BY event_type`,
    [connector],
  );
  return rows.map((r) => ({ eventType: r.event_type, shape: r.shape, updatedAt: r.updated_at }));
}
