// Isolation: B (stripe) at a steady rate while A (github) is healthy, then slow and failing.
// BENCH_RUNS consecutive runs, each on a schema and queues of its own, one worker per connector;
// the target holds only when every run's ratio is ≤ 1.10.
import path from 'node:path';
import { isolationPhase, startSwitchableProvider, writeIsolationRoutes } from '../isolation.mjs';
import { deleteQueues, dropSchema, hubEnv, knobs, migrateSchema, ports, sql, startIngress, startWorker, stopTracked, tempDir } from '../lib/context.mjs';
import { median, repeat, runLine, target } from '../lib/report.mjs';

async function countByType(schema, connector) {
  const rows = await sql(`SELECT type, count(*)::int AS n FROM ${schema}.events WHERE connector = $1 GROUP BY type ORDER BY type`, [connector]);
  return rows.map((r) => `${r.type} ${r.n}`).join(', ');
}

async function isolationRun(i) {
  const provider = await startSwitchableProvider(ports.sink + 10);
  const routes = path.join(await tempDir('hub-iso-'), 'hub.config.yaml');
  const sinkPort = ports.sink + 20;
  await writeIsolationRoutes(routes, `http://127.0.0.1:${sinkPort}`, provider.url);
  const env = hubEnv(`iso${i + 1}`, { HUB_CONFIG_FILE: routes });
  const started = [];
  try {
    await migrateSchema(env);
    started.push(await startIngress(env));
    for (const connector of ['stripe', 'github']) started.push(await startWorker(env, connector));
    const load = { rateB: Number(process.env.BENCH_ISOLATION_RATE ?? 300), rateA: 100, durationS: knobs.durationS };
    const base = `http://127.0.0.1:${ports.ingress}`;
    await isolationPhase(base, sinkPort, { ...load, durationS: 3 }); // warm-up (JIT, connections)
    // Several rounds of each, medians compared: one 10 s round on a shared 2-core box is too noisy.
    const rounds = Number(process.env.BENCH_ISOLATION_ROUNDS ?? 3);
    const healthy = await repeat(rounds, () => isolationPhase(base, sinkPort, load));
    provider.state.failing = true;
    const failing = await repeat(rounds, () => isolationPhase(base, sinkPort, load));
    const p99 = (runs) => median(runs.map((r) => r.p99));
    const ratio = p99(failing) / p99(healthy);
    const line = (runs) => runs.map((r) => `${r.delivered}/${r.acked} p50 ${r.p50} p99 ${r.p99}${r.duplicates ? ` dup ${r.duplicates}` : ''}${r.strays ? ` strays ${r.strays}` : ''}`).join('; ');
    runLine('isolation', i, `B @${load.rateB}/s, A @${load.rateA}/s healthy, ${rounds} rounds: ${line(healthy)} (ms)`);
    runLine('isolation', i, `B with A holding 10 s then 500:     ${line(failing)} (ms)`);
    runLine('isolation', i, `B's median p99 ${p99(healthy)} ms -> ${p99(failing)} ms: ratio ${ratio.toFixed(2)}; median p50 ${median(healthy.map((r) => r.p50))} -> ${median(failing.map((r) => r.p50))} ms`);
    runLine('isolation', i, `A's events: ${await countByType(env.DATABASE_SCHEMA, 'github')}`);
    return ratio;
  } finally {
    await stopTracked(...started);
    await provider.close();
    await deleteQueues(env);
    await dropSchema(env.DATABASE_SCHEMA);
  }
}

export async function isolationPhases() {
  const ratios = await repeat(knobs.runs, isolationRun);
  target('isolation', `ratios ${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)})`, ratios.every((r) => r <= 1.1), `ratio ≤ 1.10 in each of ${knobs.runs} consecutive runs`);
}
