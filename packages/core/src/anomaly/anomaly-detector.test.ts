import { describe, expect, it } from 'vitest';
import { AnomalyDetector } from './anomaly-detector.js';
import { countFalseAlerts, measureDetection, SCENARIO_WEEK_MS } from './detection-scenarios.js';
import { replayTraffic } from './replay-traffic.js';
import { SeededRandom } from './seeded-random.js';
import { BUSY_CONNECTOR, SyntheticTraffic, type TrafficFault, type TrafficProfile } from './synthetic-traffic.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const HOUR_MS = 3_600_000;
const QUIET: TrafficProfile = { ...BUSY_CONNECTOR, meanRatePerSecond: 0.01, burstsPerDay: 0 };

function delaysFor(fault: Pick<TrafficFault, 'kind' | 'factor'>): { delays: number[]; falseAlerts: number } {
  const runs = SEEDS.map((seed) => measureDetection({ seed, fault }));
  return { delays: runs.map((r) => r.delayMs ?? Infinity), falseAlerts: runs.reduce((sum, r) => sum + r.falseAlerts, 0) };
}

describe('AnomalyDetector on synthetic traffic (simulated clock, 20 seeds)', () => {
  it.each([
    ['error rate ×10', { kind: 'error_rate', factor: 10 }],
    ['p95 latency ×5', { kind: 'latency', factor: 5 }],
    ['throughput → 0', { kind: 'throughput', factor: 0 }],
  ] as const)('raises %s within 60 s of its onset on a busy connector', (name, fault) => {
    const { delays, falseAlerts } = delaysFor(fault);
    console.log(`${name}: delays ${delays.map((d) => (d / 1000).toFixed(1)).join(' ')} s; worst ${(Math.max(...delays) / 1000).toFixed(1)} s; false alerts before onset ${falseAlerts}`);
    expect(Math.max(...delays)).toBeLessThanOrEqual(60_000);
    expect(falseAlerts).toBe(0);
  });

  it('raises nothing over 24 h of steady noisy traffic', () => {
    const raised = SEEDS.flatMap((seed) => countFalseAlerts(seed));
    console.log(`24 h × ${SEEDS.length} seeds of steady traffic: ${raised.length} false alerts`);
    expect(raised).toEqual([]);
  });

  it('resolves an anomaly once the metric has recovered', () => {
    const detector = new AnomalyDetector();
    const onset = SCENARIO_WEEK_MS + 10 * HOUR_MS + 4_321;
    const recovery = onset + 5 * 60_000;
    const traffic = new SyntheticTraffic(BUSY_CONNECTOR, 7, [{ kind: 'error_rate', factor: 10, fromMs: onset, toMs: recovery }]);
    const transitions = replayTraffic(detector, 'stripe', traffic, onset - 2 * HOUR_MS, recovery + 30 * 60_000);
    expect(transitions.map((t) => `${t.state} ${t.metric}`)).toEqual(['raised error_rate', 'resolved error_rate']);
    const [raised, resolved] = transitions;
    expect(raised!.evidence.value).toBeGreaterThan(5 * raised!.evidence.baseline);
    expect(raised!.evidence.samples).toHaveLength(detector.options.raiseAfter);
    console.log(`resolved ${((resolved!.at - recovery) / 1000).toFixed(1)} s after recovery`);
    expect(resolved!.at - recovery).toBeLessThanOrEqual(2 * 60_000);
    expect(detector.raised()).toEqual([]);
  });

  it('does not call a quiet connector\'s single failure an anomaly, nor its silence', () => {
    const detector = new AnomalyDetector();
    const start = SCENARIO_WEEK_MS + 9 * HOUR_MS;
    const before = replayTraffic(detector, 'quiet', new SyntheticTraffic(QUIET, 3), start, start + 6 * HOUR_MS);
    const failure = detector.observe('quiet', { at: start + 6 * HOUR_MS + 10_000, received: 1, succeeded: 0, failed: 1, latencyP95Ms: null });
    const silence = replayTraffic(detector, 'quiet', new SyntheticTraffic(QUIET, 3, [{ kind: 'throughput', factor: 0, fromMs: 0 }]), start + 6 * HOUR_MS + 10_000, start + 8 * HOUR_MS);
    expect([...before, ...failure, ...silence]).toEqual([]);
  });

  it('uses the same hour of past weeks once two weeks exist: a daily end-of-business drop stops alerting', () => {
    // Business hours: 20 events/s 09–17 UTC, 1 event/s otherwise; one-minute samples to keep three weeks cheap.
    const options = { intervalMs: 60_000, baselineSamples: 30, ewmaSpan: 5, minHistorySamples: 10 };
    const detector = new AnomalyDetector(options);
    const random = new SeededRandom(11);
    const raisedPerWeek = [0, 0, 0];
    let outage: ReturnType<AnomalyDetector['observe']> = [];
    const outageAt = SCENARIO_WEEK_MS + 2 * 7 * 24 * HOUR_MS + 11 * HOUR_MS; // week 3, Monday 11:00
    for (let at = SCENARIO_WEEK_MS + 60_000; at <= SCENARIO_WEEK_MS + 3 * 7 * 24 * HOUR_MS; at += 60_000) {
      const hour = ((at - 1) % (24 * HOUR_MS)) / HOUR_MS;
      const rate = hour >= 9 && hour < 17 ? 20 : 1;
      const down = at > outageAt && at <= outageAt + 10 * 60_000;
      const received = down ? 0 : random.poisson(rate * 60);
      const transitions = detector.observe('shop', { at, received, succeeded: received, failed: 0, latencyP95Ms: received ? 200 : null });
      const week = Math.floor((at - 1 - SCENARIO_WEEK_MS) / (7 * 24 * HOUR_MS));
      if (at > outageAt) outage = [...outage, ...transitions.filter((t) => t.state === 'raised')];
      else raisedPerWeek[week]! += transitions.filter((t) => t.state === 'raised' && t.metric === 'throughput').length;
    }
    console.log(`end-of-business throughput alerts per week: ${raisedPerWeek.join(', ')}`);
    expect(raisedPerWeek[0]).toBeGreaterThan(0);
    expect(raisedPerWeek[2]).toBe(0);
    expect(outage[0]).toMatchObject({ metric: 'throughput', evidence: { baselineSource: 'seasonal' } });
  });

  it('is deterministic: the same seed gives the same transitions', () => {
    const run = () => measureDetection({ seed: 42, fault: { kind: 'latency', factor: 5 } });
    expect(run()).toEqual(run());
  });
});
