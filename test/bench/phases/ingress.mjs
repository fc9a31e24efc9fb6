// Phases 1–2: the ingress alone (relay off: verify + commit, nothing else), on a schema of its own.
import { drive } from '../load.mjs';
import { lateText } from '../lib/paced-load.mjs';
import { dropSchema, hubEnv, knobs, migrateSchema, ports, sql, startIngress, stopTracked } from '../lib/context.mjs';
import { median, n, repeat, runLine, target } from '../lib/report.mjs';
import { cpuPerEventText, startCpuWindow } from '../lib/cpu.mjs';
import { startCommitProbe } from '../lib/commit-probe.mjs';

const received = async (schema) => (await sql(`SELECT count(*)::int AS n FROM ${schema}.events WHERE type = 'webhook.received'`))[0].n;

export async function ingressPhases() {
  const env = hubEnv('ingress', { HUB_RELAY: 'off' });
  await migrateSchema(env);
  const ingress = await startIngress(env);
  const connector = knobs.ingressConnector;
  const url = `http://127.0.0.1:${ports.ingress}/webhooks/${connector}`;
  await drive(url, { durationS: knobs.warmUpS, connector }); // warm-up

  // 1. As fast as 50 connections go (knobs.ingressConnections): webhooks/s whose 202 came back, i.e. committed.
  const max = await repeat(knobs.runs, async (i) => {
    const before = await received(env.DATABASE_SCHEMA);
    const cpu = startCpuWindow({ ingress });
    const run = await drive(url, { durationS: knobs.durationS, connector, connections: knobs.ingressConnections });
    const window = cpu.stop();
    const stored = (await received(env.DATABASE_SCHEMA)) - before;
    runLine('ingress max', i, `(${connector}) ${n(run.perSecond)} durable webhooks/s (202s: ${run.accepted}, rows committed: ${stored}, non-2xx: ${run.non2xx}, errors: ${run.errors}), ack p50 ${run.p50} ms, p99 ${run.p99} ms`);
    console.log(`  ${cpuPerEventText(window, run.accepted, 'durable webhook')}`);
    return run;
  });
  const maxRate = median(max.map((r) => r.perSecond));
  target('ingress max', `${n(maxRate)} durable webhooks/s`, maxRate >= 8000);

  // 2. Ack latency at a fixed 2,000/s.
  const steady = await repeat(knobs.runs, async (i) => {
    const probe = await startCommitProbe(env.DATABASE_SCHEMA);
    let run;
    try {
      run = await drive(url, { durationS: knobs.durationS, rate: 2000, connector });
    } catch (err) {
      // A probe left running would hold the bench open after the phase failed.
      await probe.stop(0);
      throw err;
    }
    const probed = await probe.stop(run.accepted);
    runLine('ingress @2000/s', i, `${n(run.perSecond)} webhooks/s, ack p50 ${run.p50} ms, p99 ${run.p99} ms, max ${run.max} ms (non-2xx: ${run.non2xx}, errors: ${run.errors}${lateText(run)}); ${probed}`);
    return run;
  });
  const p99 = median(steady.map((r) => r.p99));
  const rate = median(steady.map((r) => r.perSecond));
  target('ingress @2000/s', `ack p99 ${p99} ms at ${n(rate)}/s`, p99 <= 20 && rate >= 1900);
  await stopTracked(ingress);
  await dropSchema(env.DATABASE_SCHEMA);
}
