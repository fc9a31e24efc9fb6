#!/usr/bin/env node
// `npm run bench`: the phases of issue 15, each against its target, BENCH_RUNS runs and their
// median, then a summary table. Every hub part is a separate process (as in production), except
// in the all-in-one phase (`hub up`); the load comes from this process. docs/benchmarks.md.
import { ensureDatabase } from '@hub/core/db';
import { bodyDigestCostPhase } from './body-digest-cost.mjs';
import { jsonataCostPhase } from './jsonata-cost.mjs';
import { sqsCallCostPhase } from './sqs-call-cost.mjs';
import { hubNodeVersion, startEmulator } from './processes.mjs';
import { WEBHOOK_BYTES } from './signed-webhooks.mjs';
import { DATABASE_URL, cleanUp, killChildrenNow, knobs, ports, print, runId, shared, track } from './lib/context.mjs';
import { describeMachine } from './lib/machine.mjs';
import { printSummary, target } from './lib/report.mjs';
import { allInOnePhase } from './phases/all-in-one.mjs';
import { endToEndPhase, maxSustainedPhase } from './phases/end-to-end.mjs';
import { fixedRatePhase } from './phases/fixed-rate.mjs';
import { healthPhases } from './phases/health.mjs';
import { ingressPhases } from './phases/ingress.mjs';
import { isolationPhases } from './phases/isolation.mjs';

// The phases of a full run, in order (`sqs`: needs the shared SQS emulator).
const PHASES = {
  ingress: { run: ingressPhases, sqs: true },
  e2e: { run: async () => { await endToEndPhase(); await maxSustainedPhase(); }, sqs: true },
  e2e2000: { run: fixedRatePhase, sqs: true },
  isolation: { run: isolationPhases, sqs: true },
  health: { run: healthPhases },
  allinone: { run: allInOnePhase },
};
// Only when BENCH_ONLY names them.
const ON_REQUEST = {
  backlog: { run: maxSustainedPhase, sqs: true },
  digest: { run: async () => { await bodyDigestCostPhase({ databaseUrl: DATABASE_URL, schema: `${runId}_digest`, print }); } },
  jsonata: { run: () => jsonataCostPhase({ print }) },
  sqs: { run: () => sqsCallCostPhase({ print, endpoint: `http://127.0.0.1:${ports.sqs}`, queueName: `${runId}_sqscost` }), sqs: true },
  explorer: { run: async () => (await import('./explorer-queries.mjs')).explorerPhase({ databaseUrl: DATABASE_URL, schema: `${runId}_explorer`, print }) },
};

async function main() {
  // BENCH_ONLY=ingress,e2e2000 (comma-separated) runs those phases only.
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const unknown = only.filter((name) => !PHASES[name] && !ON_REQUEST[name]);
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: no phase ${unknown.join(', ')} (phases: ${[...Object.keys(PHASES), ...Object.keys(ON_REQUEST)].join(', ')})`);
  const selected = only.length > 0 ? only : Object.keys(PHASES);
  const phases = selected.map((name) => PHASES[name] ?? ON_REQUEST[name]);
  print(`benchmark ${runId}: ${selected.join(', ')}; ${WEBHOOK_BYTES}-byte signed webhooks, ${knobs.runs} runs per phase, ${knobs.durationS} s per short run, ${knobs.e2e2000S} s at 2,000/s, all-in-one ${knobs.allInOneS} s, warm-up ${knobs.warmUpS} s, the hub on Node ${hubNodeVersion()}${knobs.workers > 1 ? `; ${knobs.workers} worker processes on the Stripe queue` : ''}${knobs.workerProcesses > 1 ? `; hub worker --processes ${knobs.workerProcesses}` : ''}`);
  await ensureDatabase(DATABASE_URL);
  print(await describeMachine(DATABASE_URL, `${runId}_machine_probe`));
  for (const [i, phase] of phases.entries()) {
    // One emulator for the phases that need it; a new one if the last exited (its exit is printed).
    if (phase.sqs && (!shared.emulator || shared.emulator.exitCode !== null || shared.emulator.signalCode !== null)) shared.emulator = track(await startEmulator(ports.sqs));
    // A phase that fails is reported and the next one runs: one crash must not cost the whole bench.
    await phase.run().catch((err) => {
      console.error(err);
      target(selected[i], `failed: ${String(err.message).split('\n')[0]}`, false, 'runs to the end');
      process.exitCode = 1;
    });
  }
  // The same VM's speed drifts within a run (one hour took the same drain from 0.94 to 1.39 ms of
  // the machine per webhook): a second line, after the phases, says how far it went this time.
  if (phases.length > 1) print(await describeMachine(DATABASE_URL, `${runId}_machine_probe_end`).then((line) => line.replace(/^machine:/, 'machine at the end:')));
}

process.on('exit', killChildrenNow);
main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    printSummary();
    await cleanUp().catch((err) => console.error('clean-up:', err));
    // A server a failed phase left listening must not keep the bench alive.
    process.exit();
  });
