import type { AnomalyTransition } from '../anomaly/index.js';
import type { AlertKind } from './alert-kind.js';
import type { AlertLifecycle } from './alert-lifecycle.js';

/** The alert kind of an anomaly on one metric: `anomaly:error_rate`, `anomaly:latency_p95`, `anomaly:throughput`. */
export function anomalyAlertKind(transition: Pick<AnomalyTransition, 'metric'>): AlertKind {
  return `anomaly:${transition.metric}`;
}

/**
 * What the detection runner's `onTransition` calls: a raised anomaly opens (or updates) the
 * connector's alert of that kind with the transition's severity and evidence; a resolved one
 * resolves it. A raise repeated by a new leader only counts an occurrence on the open alert.
 */
export async function recordAnomalyTransition(lifecycle: AlertLifecycle, transition: AnomalyTransition): Promise<void> {
  const kind = anomalyAlertKind(transition);
  const evidence = { ...transition.evidence, metric: transition.metric, at: new Date(transition.at).toISOString() };
  if (transition.state === 'raised') await lifecycle.open(transition.connector, kind, { severity: transition.severity, evidence });
  else await lifecycle.resolve(transition.connector, kind, { reason: 'metric back to its baseline', ...evidence });
}
