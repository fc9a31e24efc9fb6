import { hubUpRestartedWhileWaiting, killPart, postgresDown, providerDown, queueDeleted, redisDown, sqsRestartedEmpty } from './faults.js';
import type { ChaosPlan } from './run-chaos.js';

/** `npm run chaos`: every fault of issue 12, the production shape (a worker process per connector). */
export function fullPlan(): ChaosPlan {
  return {
    perSecond: 30,
    providerLimit: 25,
    workerPerConnector: true,
    calmMs: 20_000,
    settleMs: 90_000,
    finalSettleMs: 120_000,
    faults: [
      killPart('ingress', 2, 3_000),
      killPart('relay', 2, 3_000),
      killPart('worker-stripe', 2, 3_000),
      postgresDown(10_000),
      redisDown(10_000),
      sqsRestartedEmpty(2_000),
      queueDeleted('github', 15_000),
      providerDown('stripe', 10_000, 10_000),
      hubUpRestartedWhileWaiting('shopify', 6_000, 60_000),
    ],
  };
}

/** The CI variant (npm test): one of each kind of fault, shorter, one worker process; under 3 minutes. */
export function shortPlan(): ChaosPlan {
  return {
    perSecond: 15,
    providerLimit: 20,
    workerPerConnector: false,
    calmMs: 8_000,
    settleMs: 30_000,
    finalSettleMs: 45_000,
    faults: [
      killPart('worker', 1, 2_000),
      killPart('relay', 1, 2_000),
      postgresDown(4_000),
      sqsRestartedEmpty(1_000),
      providerDown('stripe', 3_000, 3_000),
    ],
  };
}
