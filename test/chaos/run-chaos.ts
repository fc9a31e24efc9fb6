import type { Connector } from '@hub/connector-sdk';
import { ChaosWorld, type ChaosOptions } from './chaos-world.js';
import type { Fault } from './faults.js';
import type { PhaseWindow } from './ledger.js';
import { sleep, waitDrained, waitSettled } from './settle.js';
import { buildReport, type ChaosReport } from './report.js';

const WARM_UP_MS = 3_000;

export interface ChaosPlan extends ChaosOptions {
  calmMs: number;
  faults: (Fault | ((world: ChaosWorld) => Fault))[];
  /** How long to wait, after each fault, for every acknowledged webhook to have an outcome. */
  settleMs: number;
  /** The last wait, after the load stopped. */
  finalSettleMs: number;
}

/** Runs the plan against a world of its own and reports; the world is torn down whatever happens. */
export async function runChaos(plan: ChaosPlan, connectors: Readonly<Record<string, Connector>>, log: (line: string) => void = console.log): Promise<ChaosReport> {
  const world = new ChaosWorld(plan, connectors);
  let failed = true;
  try {
    await world.start();
    log(`chaos: ${plan.perSecond} webhooks/s over ${world.connectorIds.join(', ')}; logs in ${world.logDir}`);
    world.load.start();
    // The first seconds (connections, caches, queue URLs) are not the calm the faults compare with.
    await sleep(WARM_UP_MS);
    const phases: PhaseWindow[] = [];
    const calmFrom = Date.now();
    await sleep(plan.calmMs);
    phases.push({ name: 'calm baseline', from: calmFrom, to: Date.now() });
    for (const entry of plan.faults) {
      const fault = typeof entry === 'function' ? entry(world) : entry;
      log(`chaos: ${fault.name}`);
      const from = Date.now();
      const checks = (await fault.run(world)) ?? undefined;
      const recoveredAt = Date.now();
      const settledAt = await waitSettled(world, recoveredAt, plan.settleMs);
      phases.push({ name: fault.name, ...(fault.faulted ? { faulted: fault.faulted } : {}), from, to: Date.now(), recoveredAt, ...(settledAt ? { settledAt } : {}), ...(checks ? { checks } : {}) });
      log(`chaos:   ${settledAt ? `settled ${((settledAt - recoveredAt) / 1000).toFixed(1)} s after recovery` : `NOT settled within ${plan.settleMs / 1000} s`}`);
      await waitDrained(world, plan.settleMs);
    }
    await world.load.stop();
    const end = Date.now();
    const settledAt = await waitSettled(world, end, plan.finalSettleMs);
    log(`chaos: load stopped; ${settledAt ? `everything acknowledged has an outcome after ${((settledAt - end) / 1000).toFixed(1)} s` : `still unsettled after ${plan.finalSettleMs / 1000} s`}`);
    const report = await buildReport(world, phases, plan.providerLimit);
    failed = !report.passed;
    return report;
  } finally {
    // CHAOS_KEEP_LOGS=1 keeps the process logs of a run that passed too.
    await world.close(failed || process.env.CHAOS_KEEP_LOGS === '1');
  }
}
