import type { AnomalyDetector } from './anomaly-detector.js';
import type { AnomalyTransition } from './anomaly-transition.js';
import type { SyntheticTraffic } from './synthetic-traffic.js';

/**
 * Feeds `traffic` to `detector` interval by interval over [fromMs, toMs) on a simulated clock;
 * stops early when `until` says so. Returns every transition.
 */
export function replayTraffic(
  detector: AnomalyDetector,
  connector: string,
  traffic: SyntheticTraffic,
  fromMs: number,
  toMs: number,
  until: (t: AnomalyTransition) => boolean = () => false,
): AnomalyTransition[] {
  const { intervalMs } = detector.options;
  const transitions: AnomalyTransition[] = [];
  for (let t = fromMs; t + intervalMs <= toMs; t += intervalMs) {
    for (const transition of detector.observe(connector, traffic.sample(t, t + intervalMs))) {
      transitions.push(transition);
      if (until(transition)) return transitions;
    }
  }
  return transitions;
}
