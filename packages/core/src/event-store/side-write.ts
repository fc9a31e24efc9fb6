/**
 * A write that commits in the same statement as an append of events: a data-modifying CTE put in
 * front of the INSERT (PostgreSQL runs every such CTE, referenced or not). The worker's search
 * rows ride on its event appends this way, a round trip and a commit fewer per batch. Only writes
 * that cannot wait on row locks other statements hold belong here: a deadlock would abort the
 * events with them. `sql` gets `param`, which adds a parameter and answers its placeholder: values
 * go through it, never into the text, since the append runs as a prepared statement whose plan is
 * made once (db/prepared-statement.ts): a side write's plan must not depend on table statistics.
 */
export interface SideWrite {
  sql(param: (value: unknown) => string): string;
}

/** `WITH side_write_1 AS (...), ... ` for the side writes; their parameters are pushed onto `params`. */
export function sideWritesPrefix(writes: readonly SideWrite[], params: unknown[]): string {
  if (writes.length === 0) return '';
  const param = (value: unknown) => `$${params.push(value)}`;
  return `WITH ${writes.map((w, i) => `side_write_${i + 1} AS (${w.sql(param)})`).join(', ')} `;
}
