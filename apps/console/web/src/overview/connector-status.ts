import type { ConnectorHealth, ConnectorSummary } from '../api/types';

export type StatusColour = 'green' | 'amber' | 'red' | 'idle';

export interface ConnectorStatus {
  colour: StatusColour;
  /** Why, in words, for the card's tooltip and the connector page. */
  reasons: string[];
}

export function circuitState(health: ConnectorHealth | undefined): string | undefined {
  const circuit = health?.circuit;
  if (!circuit) return undefined;
  return typeof circuit === 'string' ? circuit : circuit.state;
}

/**
 * The overview's traffic light, from the last 5 minutes: red when the circuit is open, fewer than
 * 90 % of finished webhooks succeeded, or only failures happened; amber below 99 %, with retries
 * pending, a half-open circuit or a dead letter in the last hour; green otherwise; idle with no traffic at all.
 */
export function connectorStatus(summary: ConnectorSummary, health: ConnectorHealth | undefined): ConnectorStatus {
  const w = health?.windows['5m'];
  const red: string[] = [];
  const amber: string[] = [];
  const circuit = circuitState(health);
  if (circuit === 'open') red.push('circuit open');
  if (circuit === 'half_open' || circuit === 'halfOpen') amber.push('circuit half-open');
  if (w) {
    const failing = w.failed.transient + w.failed.permanent;
    if (w.successRate !== null && w.successRate < 0.9) red.push(`success ${(w.successRate * 100).toFixed(0)} % (5 min)`);
    else if (w.successRate !== null && w.successRate < 0.99) amber.push(`success ${(w.successRate * 100).toFixed(1)} % (5 min)`);
    if (failing > 0 && w.processed === 0) red.push(`${failing} failed attempts, nothing processed (5 min)`);
    else if (failing > 0) amber.push(`${failing} failed attempts (5 min)`);
  }
  const hour = health?.windows['1h'];
  const parked = (hour?.deadLettered ?? 0) + (hour?.quarantined ?? 0);
  if (parked > 0) amber.push(`${parked} dead-lettered or quarantined (1 h)`);
  if (red.length > 0) return { colour: 'red', reasons: [...red, ...amber] };
  if (amber.length > 0) return { colour: 'amber', reasons: amber };
  const traffic = (w?.received ?? 0) + summary.counts.received;
  return traffic === 0 ? { colour: 'idle', reasons: ['no traffic yet'] } : { colour: 'green', reasons: ['healthy'] };
}
