/**
 * Kinds raised by plain rules; anomaly detection raises `anomaly:<metric>`; the canary guard
 * `workflow_canary_rolled_back:<workflow>`; the drift detector `schema_drift:<eventType>`.
 */
export const RuleAlertKinds = ['permanent_failure', 'data_format', 'circuit_open', 'dlq_growing', 'credentials_invalid'] as const;
export type RuleAlertKind = (typeof RuleAlertKinds)[number];
export type AlertKind = RuleAlertKind | `anomaly:${string}` | `${typeof CANARY_ROLLBACK_PREFIX}${string}` | `${typeof SCHEMA_DRIFT_PREFIX}${string}`;

const CANARY_ROLLBACK_PREFIX = 'workflow_canary_rolled_back:';
const SCHEMA_DRIFT_PREFIX = 'schema_drift:';
/** Event type names as connectors declare them (`customer.created`, `orders/create`, `issues`). */
const EVENT_TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}$/;

/** The alert of a schema drift, one per connector and event type: further drifts while it is open count on it. */
export function schemaDriftAlertKind(eventType: string): AlertKind {
  return `${SCHEMA_DRIFT_PREFIX}${eventType}`;
}

/** The event type of a schema_drift alert kind; undefined for any other kind. */
export function driftEventTypeOf(kind: string): string | undefined {
  return kind.startsWith(SCHEMA_DRIFT_PREFIX) ? kind.slice(SCHEMA_DRIFT_PREFIX.length) : undefined;
}

export function isEventTypeName(value: string): boolean {
  return EVENT_TYPE_PATTERN.test(value);
}

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
  if (kind.startsWith(SCHEMA_DRIFT_PREFIX)) return 'warning';
  return DEFAULT_SEVERITY[kind as RuleAlertKind];
}

export function isAlertKind(value: string): value is AlertKind {
  return (RuleAlertKinds as readonly string[]).includes(value) || /^anomaly:[a-z0-9_]+$/.test(value) || /^workflow_canary_rolled_back:[a-z0-9][a-z0-9-]{0,62}$/.test(value) || (value.startsWith(SCHEMA_DRIFT_PREFIX) && isEventTypeName(value.slice(SCHEMA_DRIFT_PREFIX.length)));
}
