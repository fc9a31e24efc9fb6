import type { Redis } from 'ioredis';
import type { Logger } from '../logger/index.js';
import { RedisLease } from '../redis-lease/index.js';
import { AnomalyDetector } from './anomaly-detector.js';
import type { AnomalyDetectorOptions } from './anomaly-options.js';
import type { AnomalyTransition } from './anomaly-transition.js';
import { emptySample, type MetricSample } from './metric-sample.js';
import type { MetricSource } from './metric-source.js';

export interface DetectionRunnerOptions {
  redis: Redis;
  /** Key of the leader lease, shared by every replica (e.g. `${prefix}anomaly:leader`). */
  leaseKey: string;
  source: MetricSource;
  /** Connectors judged even while silent: a drop to zero has no rows to discover them by. */
  connectors: readonly string[];
  /** Receives each raised/resolved anomaly; a throw or rejection is logged, never stops detection. */
  onTransition: (transition: AnomalyTransition) => void | Promise<void>;
  log: Logger;
  detector?: Partial<AnomalyDetectorOptions>;
  /** How often leadership is checked and, when leading, new intervals read. Default: the detector's interval. */
  tickMs?: number;
  /** Lease lifetime, renewed every tick; a dead leader is replaced within it. Default: 3 ticks. */
  leaseTtlMs?: number;
  /** Wait after an interval ends before reading it, so its events are committed. Default 2 s. */
  settleMs?: number;
  /** History read on becoming leader to warm the baseline (no alerts from it). Default 1 h. */
  warmUpMs?: number;
  /** The clock (tests and replays inject one). */
  now?: () => number;
}

/**
 * Runs anomaly detection in exactly one replica: every tick it takes or renews a Redis lease;
 * the leader reads the intervals finished since its last read from the MetricSource and feeds
 * them to its AnomalyDetector. A replica that loses the lease drops its detector; the next
 * leader warms a fresh one from `warmUpMs` of history.
 */
export class DetectionRunner {
  private readonly lease: RedisLease;
  private readonly known: Set<string>;
  private readonly intervalMs: number;
  private detector: AnomalyDetector | undefined;
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Intervals this replica has read and judged (what a test watches to see who detects). */
  intervalsJudged = 0;

  constructor(private readonly options: DetectionRunnerOptions) {
    this.intervalMs = options.detector?.intervalMs ?? new AnomalyDetector().options.intervalMs;
    this.lease = new RedisLease(options.redis, options.leaseKey, options.leaseTtlMs ?? 3 * this.tickMs);
    this.known = new Set(options.connectors);
  }

  get isLeader(): boolean {
    return this.lease.held;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops ticking and hands the lease over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    try {
      await this.lease.release();
    } catch (err) {
      this.options.log.warn({ err }, 'could not release the anomaly detection lease; it expires by itself');
    }
    this.detector = undefined;
  }

  /** One tick: lead or follow, and when leading judge the intervals finished since the last tick. */
  async tick(): Promise<void> {
    const { log } = this.options;
    let leading: boolean;
    try {
      leading = await this.lease.acquireOrRenew();
    } catch (err) {
      // Without Redis nobody can know who leads; stand down rather than risk two detectors.
      this.lease.forget();
      this.detector = undefined;
      log.warn({ err }, 'anomaly detection lease unavailable; not detecting');
      return;
    }
    if (!leading) {
      if (this.detector) log.info('anomaly detection leadership lost');
      this.detector = undefined;
      return;
    }
    const now = (this.options.now ?? Date.now)();
    const until = Math.floor((now - (this.options.settleMs ?? 2_000)) / this.intervalMs) * this.intervalMs;
    let warmingUp = false;
    if (!this.detector) {
      this.detector = new AnomalyDetector(this.options.detector);
      this.cursor = until - Math.floor((this.options.warmUpMs ?? 3_600_000) / this.intervalMs) * this.intervalMs;
      warmingUp = true;
      log.info({ warmUpFrom: new Date(this.cursor).toISOString() }, 'anomaly detection leadership taken');
    }
    if (until <= this.cursor) return;
    try {
      const rows = await this.options.source.read(this.cursor, until, this.intervalMs);
      this.judge(this.detector, rows, this.cursor, until, warmingUp);
      this.cursor = until;
    } catch (err) {
      // The same intervals are read again next tick.
      log.warn({ err }, 'anomaly detection could not read metrics');
    }
  }

  private judge(detector: AnomalyDetector, rows: { connector: string; sample: MetricSample }[], fromMs: number, toMs: number, warmingUp: boolean): void {
    const byInterval = new Map<number, Map<string, MetricSample>>();
    for (const { connector, sample } of rows) {
      this.known.add(connector);
      let interval = byInterval.get(sample.at);
      if (!interval) byInterval.set(sample.at, (interval = new Map()));
      interval.set(connector, sample);
    }
    for (let at = fromMs + this.intervalMs; at <= toMs; at += this.intervalMs) {
      for (const connector of this.known) {
        const transitions = detector.observe(connector, byInterval.get(at)?.get(connector) ?? emptySample(at));
        if (!warmingUp) for (const transition of transitions) this.emit(transition);
      }
      this.intervalsJudged += 1;
    }
  }

  private emit(transition: AnomalyTransition): void {
    const { onTransition, log } = this.options;
    void (async () => onTransition(transition))().catch((err: unknown) => log.error({ err, connector: transition.connector, metric: transition.metric }, 'anomaly transition handler failed'));
  }

  private get tickMs(): number {
    return this.options.tickMs ?? this.intervalMs;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.tickMs);
      });
    }, delayMs);
  }
}
