import type pg from 'pg';
import { EventTypes } from '../event-store/index.js';
import type { Logger } from '../logger/index.js';
import type { AlertLifecycle } from './alert-lifecycle.js';

export interface AlertEvaluatorOptions {
  pool: pg.Pool;
  lifecycle: AlertLifecycle;
  log: Logger;
  /** Connectors whose rules are evaluated (all installed ones: a circuit belongs to the called connector). */
  connectors: readonly string[];
  /** A failure alert resolves after this long without an occurrence, once the connector has succeeded since. */
  quietMs?: number;
  /** dlq_growing: this many dead-lettered events within `dlqWindowMs` opens it; none in the window resolves it. */
  dlqThreshold?: number;
  dlqWindowMs?: number;
  /** How far back circuit events are read (an older open circuit with no news keeps its alert). */
  circuitLookbackMs?: number;
  now?: () => Date;
}

const FAILURE_KINDS = ['permanent_failure', 'data_format'];
const SUCCESS_TYPES = [EventTypes.webhookProcessed, EventTypes.actionSucceeded];

/**
 * The plain rules, re-checked on every tick. Each replica may run it: every change is one
 * conditional statement (the unique open index, `UPDATE … WHERE status = 'open' AND last_seen_at
 * = <what was read>`), so replicas racing each other open or resolve an alert once.
 */
export class AlertEvaluator {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: AlertEvaluatorOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.running ??= this.evaluateOnce()
        .catch((err: unknown) => this.options.log.warn({ err }, 'alert evaluation failed; retried next tick'))
        .finally(() => (this.running = undefined));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async evaluateOnce(): Promise<void> {
    await this.circuits();
    await this.deadLetters();
    await this.recoveredFailures();
    await this.reconnectedCredentials();
    // After the rules: an alert they just resolved is not announced.
    await this.options.lifecycle.announceUnmuted();
  }

  /** circuit_open: open while any circuit of the connector's latest event is circuit.opened; resolved when all closed. */
  private async circuits(): Promise<void> {
    const { pool, lifecycle, connectors, circuitLookbackMs = 7 * 86_400_000 } = this.options;
    const since = new Date(this.now().getTime() - circuitLookbackMs);
    const { rows } = await pool.query<{ connector: string; circuit: string; type: string; at: Date; data: Record<string, unknown> }>(
      `SELECT DISTINCT ON (data->>'circuit') connector, data->>'circuit' AS circuit, type, created_at AS at, data
       FROM events WHERE connector = ANY($1) AND type IN ($2, $3) AND created_at >= $4
       ORDER BY data->>'circuit', id DESC`,
      [connectors, EventTypes.circuitOpened, EventTypes.circuitClosed, since],
    );
    const byConnector = new Map<string, typeof rows>();
    for (const row of rows) byConnector.set(row.connector, [...(byConnector.get(row.connector) ?? []), row]);
    for (const [connector, circuits] of byConnector) {
      const open = circuits.filter((c) => c.type === EventTypes.circuitOpened);
      if (open.length > 0) {
        await lifecycle.open(connector, 'circuit_open', {
          onlyIfNew: true,
          evidence: { circuits: open.map((c) => ({ circuit: c.circuit, openedAt: c.at.toISOString(), until: c.data.until, policy: c.data.policy })) },
        });
      } else {
        await lifecycle.resolve(connector, 'circuit_open', { reason: 'circuit closed', closedAt: circuits.map((c) => c.at).sort((a, b) => b.getTime() - a.getTime())[0]?.toISOString() });
      }
    }
  }

  private async deadLetters(): Promise<void> {
    const { pool, lifecycle, connectors, dlqThreshold = 3, dlqWindowMs = 15 * 60_000 } = this.options;
    const since = new Date(this.now().getTime() - dlqWindowMs);
    const { rows } = await pool.query<{ connector: string; n: number }>(
      `SELECT connector, count(*)::int AS n FROM events WHERE connector = ANY($1) AND type = $2 AND created_at >= $3 GROUP BY connector`,
      [connectors, EventTypes.webhookDeadLettered, since],
    );
    const counts = new Map(rows.map((r) => [r.connector, r.n]));
    const open = new Set((await lifecycle.list({ status: 'open' })).filter((a) => a.kind === 'dlq_growing').map((a) => a.connector));
    for (const connector of connectors) {
      const n = counts.get(connector) ?? 0;
      if (n >= dlqThreshold && !open.has(connector)) {
        await lifecycle.open(connector, 'dlq_growing', { onlyIfNew: true, evidence: { deadLettered: n, windowMs: dlqWindowMs, threshold: dlqThreshold } });
      } else if (n === 0 && open.has(connector)) {
        await lifecycle.resolve(connector, 'dlq_growing', { reason: `no event dead-lettered for ${dlqWindowMs} ms` });
      }
    }
  }

  /** permanent_failure, data_format: quiet for `quietMs` AND a success of the connector since the last occurrence. */
  private async recoveredFailures(): Promise<void> {
    const { pool, lifecycle, quietMs = 5 * 60_000 } = this.options;
    const now = this.now().getTime();
    const candidates = (await lifecycle.list({ status: 'open', limit: 1000 })).filter((a) => FAILURE_KINDS.includes(a.kind) && now - a.lastSeenAt.getTime() >= quietMs);
    for (const alert of candidates) {
      const { rows } = await pool.query<{ at: Date }>(
        `SELECT created_at AS at FROM events WHERE connector = $1 AND type = ANY($2) AND created_at > $3 ORDER BY created_at LIMIT 1`,
        [alert.connector, SUCCESS_TYPES, alert.lastSeenAt],
      );
      const success = rows[0];
      if (!success) continue;
      await lifecycle.resolve(alert.connector, alert.kind, { reason: 'recovered', quietMs, successAt: success.at.toISOString() }, { lastSeenAt: alert.lastSeenAt });
    }
  }

  /**
   * credentials_invalid: resolved once the credential of the alert's connector (and account, from
   * its evidence) was stored again after it was marked invalid (`hub credentials set`). Not "a
   * success of the connector": the token manager raises it under the CALLED connector, while
   * webhook.processed and action.succeeded are recorded under the connector that RECEIVED the
   * webhook, so such a success would never come for a connector that only serves actions. The
   * token manager's evidence carries `markedAt`, the time of its invalid_grant write on the
   * database clock (to the microsecond), so both sides of the comparison come from one clock; an
   * alert without it falls back to its last occurrence.
   */
  private async reconnectedCredentials(): Promise<void> {
    const { pool, lifecycle } = this.options;
    const open = (await lifecycle.list({ status: 'open', limit: 1000 })).filter((a) => a.kind === 'credentials_invalid');
    for (const alert of open) {
      const account = typeof alert.evidence.account === 'string' ? alert.evidence.account : null;
      const markedAt = typeof alert.evidence.markedAt === 'string' && alert.evidence.markedAt !== '' ? alert.evidence.markedAt : alert.lastSeenAt.toISOString();
      const { rows } = await pool.query<{ account: string; at: Date }>(
        `SELECT account, updated_at AS at FROM credentials WHERE connector = $1 AND ($2::text IS NULL OR account = $2) AND updated_at > $3::timestamptz ORDER BY updated_at LIMIT 1`,
        [alert.connector, account, markedAt],
      );
      const stored = rows[0];
      if (!stored) continue;
      await lifecycle.resolve(alert.connector, alert.kind, { reason: 'credentials stored again', account: stored.account, storedAt: stored.at.toISOString() }, { lastSeenAt: alert.lastSeenAt });
    }
  }
}
