// `npm start`'s process: `hub up` (ingress + relay + worker + console, and the SQS emulator in
// process as `npm start` runs it) under a 50-connection flood of signed webhooks with a route
// delivering each to the latency sink, for BENCH_ALLINONE_S (default 30 s; the issue's
// 10-minute memory figure is BENCH_ALLINONE_S=600). RSS of the process and its children
// (JSONata evaluators) sampled each second.
import path from 'node:path';
import { drive } from '../load.mjs';
import { CLI, nodeArgs, spawnReady } from '../processes.mjs';
import { dropSchema, hubEnv, knobs, ports, registerSchema, stopTracked, tempDir, track, writeRoutes } from '../lib/context.mjs';
import { median, n, repeat, runLine, target } from '../lib/report.mjs';
import { formatRss, rssFigures, sampleRss } from '../lib/rss.mjs';
import { cpuShareText, startCpuWindow } from '../lib/cpu.mjs';
import { deliveryText, settle, startSink, stripeUrl, warmUp } from './pipeline.mjs';

async function startHubUp(suffix, sink) {
  const { SQS_ENDPOINT, ...env } = hubEnv(suffix, {
    HUB_CONFIG_FILE: await writeRoutes(sink.url),
    HUB_SQS_EMULATOR_PORT: String(ports.upSqs),
    HUB_CONSOLE_PORT: String(ports.console),
    HUB_DEMO_SINK_PORT: '0',
    LOG_LEVEL: 'warn',
    // As `npm start` runs it: the default handler limit unless BENCH_ALLINONE_CONCURRENCY says otherwise.
    ...(process.env.BENCH_ALLINONE_CONCURRENCY ? { HUB_WORKER_CONCURRENCY: process.env.BENCH_ALLINONE_CONCURRENCY } : {}),
    ...(process.env.BENCH_SQS_THREAD ? { HUB_SQS_THREAD: process.env.BENCH_SQS_THREAD } : {}),
  });
  void SQS_ENDPOINT; // unset: `hub up` starts the emulator in its own process, as `npm start` does
  registerSchema(env.DATABASE_SCHEMA);
  // A directory of its own: development secrets `hub up` writes go there, not into the checkout.
  const cwd = await tempDir('hub-up-');
  const hub = await spawnReady([...nodeArgs('allinone'), CLI, 'up'], env, 'try it', 'hub up', { cwd, timeoutMs: 120_000 }).then(track);
  return { env, hub };
}

async function allInOneRun(i, sink) {
  const { env, hub } = await startHubUp(`up${i + 1}`, sink);
  try {
    await warmUp(sink, undefined, `up${i + 1}`);
    const sampler = sampleRss({ 'hub up': hub });
    const cpuWindow = startCpuWindow({ 'hub up': hub });
    const load = await drive(stripeUrl, { durationS: knobs.allInOneS, ...(knobs.allInOneRate > 0 ? { rate: knobs.allInOneRate } : {}) });
    const deliveredDuringLoad = sink.delivered();
    const cpu = cpuWindow.stop();
    const rss = rssFigures(sampler.stop()['hub up'].tree);
    const run = await settle(sink, load.accepted, knobs.allInOneS);
    const result = { accepted: load.perSecond, delivered: deliveredDuringLoad / knobs.allInOneS, p99: run.p99, rss, flat: rss.last <= rss.first * 1.1 };
    runLine(phaseName, i, `${knobs.allInOneS} s: ${n(result.accepted)} accepted/s (ack p50 ${load.p50} ms, p99 ${load.p99} ms, non-2xx ${load.non2xx}, errors ${load.errors}), ${n(result.delivered)} delivered/s during the ${fixedRate ? 'load' : 'flood'}; ${deliveryText(run)}`);
    runLine('all-in-one RSS', i, `${formatRss(rss)}${result.flat ? '' : ' — grew more than 10 %'}`);
    console.log(`  ${cpuShareText(cpu)}; hub up ${((cpu.cpu['hub up'] * 1000) / (load.accepted + deliveredDuringLoad)).toFixed(2)} ms per webhook accepted or delivered`);
    return result;
  } finally {
    await stopTracked(hub);
    await dropSchema(env.DATABASE_SCHEMA);
  }
}

// BENCH_ALLINONE_RATE=2000: `hub up` offered a fixed rate instead of the flood; its figures have no target of the issue.
const fixedRate = knobs.allInOneRate > 0;
const phaseName = fixedRate ? `all-in-one @${knobs.allInOneRate}/s` : 'all-in-one flood';

export async function allInOnePhase() {
  const sink = await startSink();
  try {
    const runs = await repeat(knobs.runs, (i) => allInOneRun(i, sink));
    const accepted = median(runs.map((r) => r.accepted));
    const delivered = median(runs.map((r) => r.delivered));
    const rates = `${n(accepted)} accepted/s, ${n(delivered)} delivered/s (${knobs.allInOneS} s)`;
    if (fixedRate) target(phaseName, `${rates}, delivery p99 ${n(median(runs.map((r) => r.p99)))} ms`, null);
    else target(phaseName, rates, accepted >= 2000 && delivered >= 2000);
    const peak = median(runs.map((r) => r.rss.max));
    target('all-in-one RSS', `max ${n(peak)} MB, first 10 s ${n(median(runs.map((r) => r.rss.first)))} → last 10 s ${n(median(runs.map((r) => r.rss.last)))} MB (${knobs.allInOneS} s)`, peak <= 250 && runs.every((r) => r.flat));
  } finally {
    await sink.close();
  }
}
