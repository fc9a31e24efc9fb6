/** Kinds raised by plain rules; anomaly detection raises `anomaly:<metric>`; the canary guard `workflow_canary_rolled_back:<workflow>`. */
export const RuleAlertKinds = ['permanent_failure', 'data_format', 'circuit_open', 'dlq_growing', 'credentials_invalid'] as const;
export type RuleAlertKind = (typeof RuleAlertKinds)[number];
export type AlertKind = RuleAlertKind | `anomaly:${string}` | `${typeof CANARY_ROLLBACK_PREFIX}${string}`;

const CANARY_ROLLBACK_PREFIX = 'workflow_canary_rolled_back:';

/**
 * The alert of an automatic canary rollback, one per workflow (an alert is one open row per
 * connector and kind, and several workflows share a trigger connector).
 */
export function canaryRollbackAlertKind(workflow: string): AlertKind {
  return `${CANARY_ROLLBACK_PREFIX}${workflow}`;
}

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
  if (kind.startsWith('anomaly:')) return 'warning';
  if (kind.startsWith(CANARY_ROLLBACK_PREFIX)) return 'error';
  return DEFAULT_SEVERITY[kind as RuleAlertKind];
}

export function isAlertKind(value: string): value is AlertKind {
  return (RuleAlertKinds as readonly string[]).includes(value) || /^anomaly:[a-z0-9_]+$/.test(value) || /^workflow_canary_rolled_back:[a-z0-9][a-z0-9-]{0,62}$/.test(value);
}
