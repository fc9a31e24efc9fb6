// End to end at a fixed offered rate (BENCH_E2E_RATE, default 1,000/s), and the pipeline's
// maximum sustained rate: how fast it drains a backlog of BENCH_BACKLOG queued webhooks.
import { drive } from '../load.mjs';
import { knobs, startIngress, stopTracked, waitUntil } from '../lib/context.mjs';
import { median, n, repeat, runLine, target } from '../lib/report.mjs';
import { deliveryText, settle, startPipeline, startSink, stripeUrl, warmUp } from './pipeline.mjs';
import { issuedSinceTag } from '../signed-webhooks.mjs';
import { cpuPerEventText, machineCapacity, startCpuWindow } from '../lib/cpu.mjs';

export async function endToEndPhase() {
  const rate = knobs.e2eRate;
  const name = `end to end @${rate}/s`;
  const sink = await startSink();
  try {
    const runs = await repeat(knobs.runs, async (i) => {
      const pipeline = await startPipeline(`e2e${i + 1}`, sink);
      try {
        await warmUp(sink, rate, `e2e${i + 1}`);
        const load = await drive(stripeUrl, { durationS: knobs.durationS, rate });
        const run = await settle(sink, load.accepted, knobs.durationS);
        runLine(name, i, `${deliveryText(run)} (ingress ack p99 ${load.p99} ms)`);
        return run;
      } finally {
        await pipeline.stop();
      }
    });
    const p99 = median(runs.map((r) => r.p99));
    const perSecond = median(runs.map((r) => r.perSecond));
    target(name, `${n(perSecond)} delivered/s, p50 ${median(runs.map((r) => r.p50))} ms, p99 ${p99} ms`, p99 <= 1000 && perSecond >= 0.95 * rate, 'p99 ≤ 1 s, delivered/s ≥ 95 % of offered');
  } finally {
    await sink.close();
  }
}

/**
 * Each run: a pipeline warmed up (BENCH_WARMUP_S at BENCH_E2E_RATE); then the ingress alone
 * (relay off) takes BENCH_BACKLOG webhooks as fast as it can while the worker waits on an empty
 * queue; then an ingress with its relay starts on that full outbox. The rate is distinct
 * deliveries over the time from the first arrival at the downstream to the last.
 */
export async function maxSustainedPhase() {
  const name = 'end to end max sustained';
  const sink = await startSink();
  try {
    const runs = await repeat(knobs.runs, async (i) => {
      const pipeline = await startPipeline(`backlog${i + 1}`, sink);
      try {
        await warmUp(sink, knobs.e2eRate, `backlog${i + 1}`);
        await stopTracked(pipeline.ingress);
        pipeline.ingress = await startIngress({ ...pipeline.env, HUB_RELAY: 'off' });
        const load = await drive(stripeUrl, { amount: knobs.backlog });
        await stopTracked(pipeline.ingress);
        pipeline.ingress = await startIngress(pipeline.env);
        const waitS = Math.max(knobs.settleS, knobs.backlog / 100);
        const cpu = await cpuOfMiddle(sink, load.accepted, waitS, pipeline.processes());
        const drained = await waitUntil(() => sink.delivered() >= load.accepted, waitS);
        const s = sink.stats();
        const run = { ...s, sent: issuedSinceTag(), acked: load.accepted, perSecond: s.spanMs > 0 ? s.delivered / (s.spanMs / 1000) : 0 };
        runLine(name, i, `backlog of ${load.accepted} (loaded at ${n(load.perSecond)}/s)${drained ? '' : ' NOT drained in time'}: ${deliveryText(run)}; once running ${n(run.steadyPerSecond)}/s (median second)`);
        console.log(`  arrivals each second from the first: ${run.series.join(' ')}`);
        if (cpu) console.log(`  ${cpu.text}`);
        return { ...run, capacity: cpu?.capacity };
      } finally {
        await pipeline.stop();
      }
    });
    const perSecond = median(runs.map((r) => r.perSecond));
    target(name, `${n(perSecond)} delivered/s draining a backlog of ${n(knobs.backlog)} (once running: ${n(median(runs.map((r) => r.steadyPerSecond)))}/s)`, perSecond >= 2000);
    const capacities = runs.map((r) => r.capacity).filter((c) => c !== undefined);
    if (capacities.length > 0) target(`${name}: the machine's ceiling`, `~${n(median(capacities))}/s: what its cores pay for at the machine's CPU per delivered webhook while draining`, null);
  } finally {
    await sink.close();
  }
}

/**
 * The CPU of the drain's middle (from 10 % to 90 % of the backlog delivered: no start-up, no
 * tail), per webhook delivered in it; undefined if the drain did not get that far in `waitS`.
 */
async function cpuOfMiddle(sink, backlog, waitS, processes) {
  if (!(await waitUntil(() => sink.delivered() >= backlog * 0.1, waitS, 20))) return undefined;
  const from = sink.delivered();
  const window = startCpuWindow(processes);
  if (!(await waitUntil(() => sink.delivered() >= backlog * 0.9, waitS, 20))) return undefined;
  const cpu = window.stop();
  const events = sink.delivered() - from;
  return { text: cpuPerEventText(cpu, events), capacity: machineCapacity(cpu, events) };
}
