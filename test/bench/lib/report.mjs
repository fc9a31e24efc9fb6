// How every phase prints: one line per run, then the median against the issue's target with
// "met" / "not met", and a summary table at the end of `npm run bench`.

/** The targets of issue 15, by phase name: what `target()` prints beside a phase's median. */
export const TARGETS = {
  'ingress max': '≥ 8,000 durable webhooks/s',
  'ingress @2000/s': 'ack p99 ≤ 20 ms (at ≥ 95 % of 2,000/s)',
  'end to end @1000/s': 'p99 ≤ 1 s, delivered/s ≥ 95 % of offered',
  'end to end max sustained': '≥ 2,000 delivered/s',
  'end to end @2000/s': 'p99 ≤ 1 s, delivered/s ≥ 95 % of offered',
  isolation: 'ratio ≤ 1.10 in each of 3 consecutive runs',
  'health queries': 'median < 100 ms',
  'all-in-one flood': '≥ 2,000 accepted and delivered/s',
  'all-in-one RSS': '≤ 250 MB, flat (last 10 s ≤ first 10 s + 10 %)',
};

const summary = [];

/** The median of numbers (the upper one of an even count, as the bench always did). */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Thousands separators, no decimals: 12345.6 -> "12,346". */
export const n = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : String(value));

/**
 * Prints `name: value  (target …) met|not met` and keeps the row for the summary table.
 * `ok` is true / false, or null when the figure has no target (printed as "—"); `goal` defaults
 * to the phase's entry in TARGETS.
 */
export function target(name, value, ok, goal = TARGETS[name] ?? '—') {
  const verdict = ok === null || ok === undefined ? '—' : ok ? 'met' : 'not met';
  summary.push({ name, value, goal, verdict });
  console.log(`${`${name}:`.padEnd(26)} ${value}  (target ${goal}) → ${verdict}`);
  return ok;
}

/** A per-run line, indented under its phase. */
export function runLine(name, index, text) {
  console.log(`${`${name} #${index + 1}:`.padEnd(26)} ${text}`);
}

/** Runs `fn(index)` `count` times one after another; returns the results. */
export async function repeat(count, fn) {
  const results = [];
  for (let i = 0; i < count; i += 1) results.push(await fn(i));
  return results;
}

/** The phase | median | target | met table, markdown, printed once at the end. */
export function printSummary() {
  if (summary.length === 0) return;
  console.log('\n| phase | median | target | met |\n| --- | --- | --- | --- |');
  for (const row of summary) console.log(`| ${row.name} | ${row.value} | ${row.goal} | ${row.verdict} |`);
}
