/** Kinds raised by plain rules; anomaly detection raises `anomaly:<metric>`. */
export const RuleAlertKinds = ['permanent_failure', 'data_format', 'circuit_open', 'dlq_growing', 'credentials_invalid'] as const;
export type RuleAlertKind = (typeof RuleAlertKinds)[number];
export type AlertKind = RuleAlertKind | `anomaly:${string}`;

export const AlertSeverities = ['critical', 'error', 'warning'] as const;
export type AlertSeverity = (typeof AlertSeverities)[number];

const DEFAULT_SEVERITY: Record<RuleAlertKind, AlertSeverity> = {
  permanent_failure: 'error',
  data_format: 'warning',
  circuit_open: 'critical',
  dlq_growing: 'error',
  credentials_invalid: 'critical',
};

export function defaultSeverity(kind: AlertKind): AlertSeverity {
  return kind.startsWith('anomaly:') ? 'warning' : DEFAULT_SEVERITY[kind as RuleAlertKind];
}

export function isAlertKind(value: string): value is AlertKind {
  return (RuleAlertKinds as readonly string[]).includes(value) || /^anomaly:[a-z0-9_]+$/.test(value);
}
