import { createHash } from 'node:crypto';
import type pg from 'pg';

// A text built from values instead of placeholders would make a prepared statement per value on
// every connection: past this many distinct texts the rest run unnamed (as plain queries do).
const MAX_PREPARED_TEXTS = 64;
const nameByText = new Map<string, string>();

/**
 * The query as a named prepared statement: PostgreSQL parses it once per connection and, after
 * five runs planned for their values, keeps a generic plan when it is estimated no dearer (as for
 * these statements) instead of planning each run anew, as it does an unnamed statement's. For
 * the hub's batch writes, whose one parameter is a JSON document of tens of kilobytes, planning
 * took 10-30 % of the statement's time: a plan made for the values holds the parameter as a
 * constant and copies it through the plan tree (docs/benchmarks.md, sixteenth increment).
 *
 * Only for statements whose plan cannot depend on table statistics: a function scan feeding an
 * INSERT, conflicts found by unique indexes. A generic plan is made once, from the statistics of
 * that moment, so a join or scan chosen while a table was empty would stay chosen as it grows.
 * `prepared-statement.test.ts` checks the generic plan of every text that went through here.
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = nameByText.get(text);
  if (name === undefined) {
    if (nameByText.size >= MAX_PREPARED_TEXTS) return { text, values };
    // Named by content: one text, one name, whichever module asks (pg refuses a name reused for another text).
    name = `hub_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    nameByText.set(text, name);
  }
  return { name, text, values };
}

/** The texts run as prepared statements so far in this process (for the plan test). */
export function preparedTexts(): string[] {
  return [...nameByText.keys()];
}
