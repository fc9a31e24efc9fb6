// `npm run bench:anomaly`: detection delay and false alerts of @hub/core/anomaly on seeded
// synthetic traffic with a simulated clock (no hub processes; pure computation).
import { BUSY_CONNECTOR, countFalseAlerts, DEFAULT_ANOMALY_OPTIONS, measureDetection, type TrafficFault } from '@hub/core/anomaly';

const SEEDS = Number(process.env.BENCH_ANOMALY_SEEDS ?? 20);
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const faults: Pick<TrafficFault, 'kind' | 'factor'>[] = [
  { kind: 'error_rate', factor: 10 },
  { kind: 'latency', factor: 5 },
  { kind: 'throughput', factor: 0 },
];
const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'missed (10 min)');

console.log(`anomaly detection, defaults ${JSON.stringify(DEFAULT_ANOMALY_OPTIONS)}`);
console.log(`busy connector: ${BUSY_CONNECTOR.meanRatePerSecond}/s mean, ±${BUSY_CONNECTOR.dailyAmplitude * 100} % daily, weekend ×${BUSY_CONNECTOR.weekendFactor}, ${BUSY_CONNECTOR.errorRate * 100} % errors; ${SEEDS} seeds, onset at a random moment of the week`);
for (const fault of faults) {
  const runs = seeds.map((seed) => measureDetection({ seed, fault }));
  const delays = runs.map((r) => r.delayMs ?? Infinity).sort((a, b) => a - b);
  console.log(`${fault.kind} ×${fault.factor}: median ${seconds(delays[delays.length >> 1]!)}, worst ${seconds(delays.at(-1)!)}, > 60 s: ${delays.filter((d) => d > 60_000).length}, false alerts before onset: ${runs.reduce((s, r) => s + r.falseAlerts, 0)}`);
}
const falseAlerts = seeds.flatMap((seed) => countFalseAlerts(seed));
console.log(`24 h of steady traffic × ${SEEDS} seeds: ${falseAlerts.length} false alerts`);

// Where the 60 s target stops holding: the same faults on flat traffic at lower rates.
for (const rate of [1, 2, 5, 10]) {
  const profile = { ...BUSY_CONNECTOR, meanRatePerSecond: rate, dailyAmplitude: 0, weekendFactor: 1 };
  const cells = faults.map((fault) => {
    const delays = seeds.map((seed) => measureDetection({ seed, fault, profile }).delayMs ?? Infinity).sort((a, b) => a - b);
    return `${fault.kind} worst ${seconds(delays.at(-1)!)} (> 60 s: ${delays.filter((d) => d > 60_000).length})`;
  });
  const quiet = seeds.flatMap((seed) => countFalseAlerts(seed, 24 * 3_600_000, profile)).length;
  console.log(`flat ${rate}/s: ${cells.join('; ')}; 24 h false alerts ${quiet}`);
}
