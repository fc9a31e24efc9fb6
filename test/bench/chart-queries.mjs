// Every chart query of the console at 1,000,000 stored events (the health phase's load: 12
// connectors x 3 accounts over 48 h, rollups kept by the trigger), plus 7 days of health samples
// every 15 s per connector: the connector page at 1 h / 24 h / 7 d (with and without an account)
// and the overview at each range. Target < 100 ms each, like the health model.
import { connectorTimeSeries, overviewTimeSeries } from '@hub/core/health';
import { medianP95, timeRuns } from './lib/timing.mjs';


/** Loads the samples, then times each query `runs` times and prints median / p95. */
export async function chartQueriesPhase({ pool, admin, connectors, account, print, runs }) {
  const loadStarted = performance.now();
  await admin.query(
    `INSERT INTO health_samples (connector, sampled_at, queue_visible, queue_in_flight, queue_delayed, pending, oldest_age_ms, headroom, headroom_limit, circuit)
     SELECT c, s, (random() * 50)::int, (random() * 10)::int, 0, (random() * 60)::int, (random() * 60000)::bigint, (random() * 100)::int, 100, 'closed'
     FROM unnest($1::text[]) AS c, generate_series(date_trunc('minute', now()) - interval '7 days', now(), interval '15 seconds') AS s`,
    [connectors],
  );
  await admin.query('ANALYZE health_samples; ANALYZE event_rollups_hourly');
  const { rows } = await admin.query('SELECT count(*)::int AS n FROM health_samples');
  print(`charts:          loaded ${rows[0].n} health samples (7 d every 15 s, ${connectors.length} connectors) in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

  const queries = [];
  for (const range of ['1h', '24h', '7d']) {
    queries.push([`connector page ${range}`, () => connectorTimeSeries(pool, 'stripe', { range })]);
    queries.push([`connector page ${range}, one account`, () => connectorTimeSeries(pool, 'stripe', { range, account })]);
    queries.push([`overview ${range} (${connectors.length} connectors)`, () => overviewTimeSeries(pool, connectors, { range })]);
  }
  const figures = {};
  for (const [name, run] of queries) {
    await run(); // warm-up: plans, buffers
    const ms = await timeRuns(runs, run);
    figures[name] = ms;
    const { median, p95 } = medianP95(ms);
    print(`charts:          ${name.padEnd(36)} median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${runs} runs)${p95 < 100 ? '' : '  ABOVE the 100 ms target'}`);
  }
  const day = await connectorTimeSeries(pool, 'stripe', { range: '24h' });
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  print(`charts:          stripe 24h: ${day.t.length} points, received ${sum(day.counts.received)}, dead-lettered ${sum(day.counts.deadLettered)}, samples in ${day.samples.queueVisible.filter((v) => v !== null).length} minutes`);
  return figures;
}
