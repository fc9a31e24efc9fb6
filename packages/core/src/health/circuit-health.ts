import type pg from 'pg';
import { EventTypes } from '../event-store/index.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitHealth {
  /** The breaker key: `<connector>:<host>`. */
  circuit: string;
  state: CircuitState;
  /** When it last opened or closed. */
  since: Date;
  /** While open: when the next probe may go. */
  until: Date | null;
}

/**
 * The state of each circuit of these target connectors, from its last circuit.opened /
 * circuit.closed event (the replica that moves the fleet-wide Redis state records them). Open
 * past its reset time means half-open: the next call is the probe.
 */
export async function readCircuits(pool: Pick<pg.Pool, 'query'>, connectors: readonly string[], now: Date): Promise<Map<string, CircuitHealth[]>> {
  const { rows } = await pool.query<{ connector: string; circuit: string; type: string; created_at: Date; until: string | null }>(
    `SELECT DISTINCT ON (connector, data->>'circuit') connector, data->>'circuit' AS circuit, type, created_at, data->>'until' AS until
     FROM events WHERE connector = ANY($1::text[]) AND type IN ($2, $3)
     ORDER BY connector, data->>'circuit', created_at DESC, id DESC`,
    [connectors, EventTypes.circuitOpened, EventTypes.circuitClosed],
  );
  const result = new Map<string, CircuitHealth[]>();
  for (const row of rows) {
    const until = row.type === EventTypes.circuitOpened && row.until ? new Date(row.until) : null;
    const state: CircuitState = row.type === EventTypes.circuitClosed ? 'closed' : until && until > now ? 'open' : 'half_open';
    const list = result.get(row.connector) ?? [];
    list.push({ circuit: row.circuit, state, since: row.created_at, until: state === 'closed' ? null : until });
    result.set(row.connector, list);
  }
  return result;
}

/** The worst state among a connector's circuits (open > half-open > closed). */
export function worstCircuitState(circuits: readonly CircuitHealth[]): CircuitState {
  if (circuits.some((c) => c.state === 'open')) return 'open';
  if (circuits.some((c) => c.state === 'half_open')) return 'half_open';
  return 'closed';
}
