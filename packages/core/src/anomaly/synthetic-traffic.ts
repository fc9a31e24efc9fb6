import type { MetricSample } from './metric-sample.js';
import { SeededRandom } from './seeded-random.js';

const DAY_MS = 86_400_000;

/** The normal behaviour of a synthetic connector. */
export interface TrafficProfile {
  /** Mean arrivals per second over a weekday. */
  meanRatePerSecond: number;
  /** Relative swing of the daily curve: rate × (1 ± amplitude), lowest 12 h from the peak. */
  dailyAmplitude: number;
  /** Hour (UTC) of the daily peak. */
  peakHourUtc: number;
  /** Rate factor on Saturdays and Sundays. */
  weekendFactor: number;
  /** Share of attempts that fail normally. */
  errorRate: number;
  /** Median outbound latency, ms (log-normal around it). */
  latencyMedianMs: number;
  /** σ of log latency: 0.5 gives p95 ≈ 2.3 × median. */
  latencySigma: number;
  /** Short bursts of extra arrivals per day (a batch, a replay, a busy customer). */
  burstsPerDay: number;
  /** Rate multiplier during a burst (lasts one to three intervals). */
  burstFactor: number;
}

export const BUSY_CONNECTOR: TrafficProfile = {
  meanRatePerSecond: 20,
  dailyAmplitude: 0.5,
  peakHourUtc: 15,
  weekendFactor: 0.8,
  errorRate: 0.01,
  latencyMedianMs: 120,
  latencySigma: 0.5,
  burstsPerDay: 12,
  burstFactor: 3,
};

/** A fault injected from `fromMs` (to `toMs`): error rate × factor, latency × factor, or arrivals × factor. */
export interface TrafficFault {
  kind: 'error_rate' | 'latency' | 'throughput';
  factor: number;
  fromMs: number;
  toMs?: number;
}

// Latencies drawn per interval at most: enough for a p95, bounded cost at high rates.
const MAX_TIMED_CALLS = 400;

/**
 * Seeded synthetic traffic of one connector: Poisson arrivals around a daily and weekly rate
 * curve with a slow random wander (real traffic is over-dispersed), binomial failures around
 * a wandering error rate, log-normal latencies, and occasional bursts. Call `sample` for
 * consecutive intervals.
 */
export class SyntheticTraffic {
  private readonly random: SeededRandom;
  private rateWander = 0;
  private errorWander = 0;
  private latencyWander = 0;
  private burstLeft = 0;

  constructor(
    readonly profile: TrafficProfile,
    seed: number,
    private readonly faults: readonly TrafficFault[] = [],
  ) {
    this.random = new SeededRandom(seed);
  }

  /** The expected arrival rate at `at` (without wander or bursts). */
  expectedRate(at: number): number {
    const p = this.profile;
    const hour = (at % DAY_MS) / 3_600_000;
    const daily = 1 + p.dailyAmplitude * Math.cos(((hour - p.peakHourUtc) / 24) * 2 * Math.PI);
    const weekday = (Math.floor(at / DAY_MS) + 3) % 7; // 0 = Monday (1970-01-01 was a Thursday)
    return p.meanRatePerSecond * daily * (weekday >= 5 ? p.weekendFactor : 1);
  }

  /** The interval (fromMs, toMs]. */
  sample(fromMs: number, toMs: number): MetricSample {
    const { random, profile } = this;
    const seconds = (toMs - fromMs) / 1000;
    // AR(1) wanders in log space: ±10 % on the rate, ±20 % on the error rate, ±8 % on latency.
    this.rateWander = 0.98 * this.rateWander + 0.02 * random.normal();
    this.errorWander = 0.98 * this.errorWander + 0.04 * random.normal();
    this.latencyWander = 0.98 * this.latencyWander + 0.016 * random.normal();
    if (this.burstLeft > 0) this.burstLeft -= 1;
    else if (random.next() < (profile.burstsPerDay * seconds) / 86_400) this.burstLeft = 1 + Math.floor(random.next() * 3);
    const burst = this.burstLeft > 0 ? profile.burstFactor : 1;

    const throughput = this.faultShare('throughput', fromMs, toMs);
    const rate = this.expectedRate(toMs) * Math.exp(this.rateWander) * burst;
    const received = random.poisson(rate * seconds * (1 - throughput.share + throughput.share * throughput.factor));
    // Attempts follow arrivals (a worker keeps up): the same count, so a silent connector also stops finishing work.
    const attempts = received;
    const errors = this.faultShare('error_rate', fromMs, toMs);
    const attemptsAfter = random.binomial(attempts, errors.share);
    const baseErrorRate = Math.min(1, profile.errorRate * Math.exp(this.errorWander));
    const failed = random.binomial(attempts - attemptsAfter, baseErrorRate) + random.binomial(attemptsAfter, Math.min(1, baseErrorRate * errors.factor));
    const succeeded = attempts - failed;
    return { at: toMs, received, succeeded, failed, latencyP95Ms: this.latencyP95(succeeded, fromMs, toMs) };
  }

  private latencyP95(calls: number, fromMs: number, toMs: number): number | null {
    if (calls === 0) return null;
    const { random, profile } = this;
    const slow = this.faultShare('latency', fromMs, toMs);
    const medianMs = profile.latencyMedianMs * Math.exp(this.latencyWander);
    const drawn = Math.min(calls, MAX_TIMED_CALLS);
    const latencies: number[] = [];
    for (let i = 0; i < drawn; i += 1) {
      const factor = random.next() < slow.share ? slow.factor : 1;
      latencies.push(random.logNormal(medianMs, profile.latencySigma) * factor);
    }
    latencies.sort((a, b) => a - b);
    // Linear interpolation, as PostgreSQL's percentile_cont.
    const rank = 0.95 * (latencies.length - 1);
    const low = Math.floor(rank);
    const high = Math.min(low + 1, latencies.length - 1);
    return latencies[low]! + (latencies[high]! - latencies[low]!) * (rank - low);
  }

  /** Share of the interval (fromMs, toMs] a fault of this kind covers, and its factor. */
  private faultShare(kind: TrafficFault['kind'], fromMs: number, toMs: number): { share: number; factor: number } {
    for (const fault of this.faults) {
      if (fault.kind !== kind) continue;
      const start = Math.max(fromMs, fault.fromMs);
      const end = Math.min(toMs, fault.toMs ?? Infinity);
      if (end > start) return { share: (end - start) / (toMs - fromMs), factor: fault.factor };
    }
    return { share: 0, factor: 1 };
  }
}
