// End to end at a fixed 2,000/s offered for BENCH_E2E2000_S (default 60 s): latency from signing
// to arrival at the downstream, delivered/s, and the RSS of every process sampled each second.
import { drive } from '../load.mjs';
import { knobs } from '../lib/context.mjs';
import { median, n, repeat, runLine, target } from '../lib/report.mjs';
import { rssFigures, rssLines, sampleRss } from '../lib/rss.mjs';
import { cpuShareText, startCpuWindow } from '../lib/cpu.mjs';
import { deliveryText, settle, startPipeline, startSink, stripeUrl, warmUp } from './pipeline.mjs';

const RATE = 2000;

export async function fixedRatePhase() {
  const name = `end to end @${RATE}/s`;
  const durationS = knobs.e2e2000S;
  const sink = await startSink();
  try {
    const runs = await repeat(knobs.runs, async (i) => {
      const pipeline = await startPipeline(`e2e2000_${i + 1}`, sink);
      try {
        await warmUp(sink, RATE, `e2e2000_${i + 1}`);
        const processes = pipeline.processes();
        const sampler = sampleRss(processes);
        const cpuWindow = startCpuWindow(processes);
        const load = await drive(stripeUrl, { durationS, rate: RATE });
        const cpu = cpuWindow.stop();
        const rss = sampler.stop();
        const run = await settle(sink, load.accepted, durationS);
        runLine(name, i, `${durationS} s: ${deliveryText(run)} (ingress ack p99 ${load.p99} ms)`);
        for (const line of rssLines(rss)) console.log(line);
        console.log(`  ${cpuShareText(cpu)}`);
        return { ...run, rss };
      } finally {
        await pipeline.stop();
      }
    });
    const p99 = median(runs.map((r) => r.p99));
    const perSecond = median(runs.map((r) => r.perSecond));
    target(name, `${n(perSecond)} delivered/s, p50 ${median(runs.map((r) => r.p50))} ms, p99 ${p99} ms`, p99 <= 1000 && perSecond >= 0.95 * RATE, 'p99 ≤ 1 s, delivered/s ≥ 95 % of offered');
    // Memory: no target of its own here; the median over runs of each process's peak and last-10 s median.
    const memory = Object.keys(runs[0].rss).map((label) => {
      const figures = runs.map((r) => rssFigures(r.rss[label].tree)).filter(Boolean);
      return `${label} max ${n(median(figures.map((f) => f.max)))} MB (first 10 s ${n(median(figures.map((f) => f.first)))} → last 10 s ${n(median(figures.map((f) => f.last)))})`;
    });
    target(`${name} RSS`, memory.join('; '), null);
  } finally {
    await sink.close();
  }
}
