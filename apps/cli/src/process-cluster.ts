import cluster from 'node:cluster';
import { hubError } from '@hub/core/errors';
import type { Logger } from '@hub/core/logger';

export const MAX_PROCESSES = 64;

/** `--processes <n>` of `hub ingress` and `hub worker`: a whole number from 1 to 64. */
export function parseProcesses(value: string | undefined): number {
  const n = value === undefined ? 1 : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PROCESSES) {
    throw hubError('HUB_CLI_USAGE', `--processes takes a whole number from 1 to ${MAX_PROCESSES} (got ${value}); one process per core is the most that helps`);
  }
  return n;
}

/** How the supervisor's log lines name one process, several, and the whole command. */
export interface ClusterNames {
  /** e.g. 'ingress worker': "<one> started", "<one> stopped", "<one> exited: starting another". */
  one: string;
  /** e.g. 'ingress workers': "<many> keep crashing: stopping <whole>", "SIGTERM: draining the <many>". */
  many: string;
  /** e.g. 'the ingress'. */
  whole: string;
}

export const INGRESS_NAMES: ClusterNames = { one: 'ingress worker', many: 'ingress workers', whole: 'the ingress' };
export const WORKER_NAMES: ClusterNames = { one: 'worker process', many: 'worker processes', whole: 'the worker' };

/** When a crashed worker is replaced, and when the primary gives up. */
export interface RestartPolicy {
  /** Delay before the first replacement; doubled for each further crash within the window. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** More crashes than this within `windowMs` stop the whole command (exit 1): a crash loop is not served around. */
  maxCrashes: number;
  windowMs: number;
}

export const RESTART_POLICY: RestartPolicy = { firstDelayMs: 100, maxDelayMs: 2_000, maxCrashes: 5, windowMs: 60_000 };

/**
 * The primary of `hub ingress --processes N` or `hub worker --processes N`: forks N workers (the
 * ingress's share the listening socket, node:cluster handing each accepted connection to one of
 * them in turn; the worker's are competing consumers of the same queues), replaces a worker that
 * exits, and on SIGTERM passes SIGTERM to every worker and waits for their drain. Resolves with
 * the exit code: 0 when every worker drained cleanly, 1 otherwise or after a crash loop.
 *
 * SIGINT is not passed on: Ctrl-C in a terminal already reaches every process of the group, and
 * a second signal would make the workers exit without draining.
 */
export function superviseProcesses(names: ClusterNames, processes: number, log: Logger, policy: RestartPolicy = RESTART_POLICY): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let failed = false;
    const crashes: number[] = [];
    const pendingForks = new Set<NodeJS.Timeout>();
    const live = () => Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const finishIfDone = () => {
      if (stopping && live().length === 0 && pendingForks.size === 0) resolve(failed ? 1 : 0);
    };
    const fork = () => {
      const worker = cluster.fork();
      log.info({ workerPid: worker.process.pid }, `${names.one} started`);
    };
    const stop = () => {
      stopping = true;
      for (const timer of pendingForks) clearTimeout(timer);
      pendingForks.clear();
      for (const worker of live()) worker.process.kill('SIGTERM');
      finishIfDone();
    };

    cluster.on('exit', (worker, code, signal) => {
      const workerPid = worker.process.pid;
      if (stopping) {
        // SIGTERM before its handler was installed: a worker still starting, with nothing to drain.
        if (code !== 0 && signal !== 'SIGTERM') failed = true;
        log.info({ workerPid, code, signal }, `${names.one} stopped`);
        return finishIfDone();
      }
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && crashes[0]! <= now - policy.windowMs) crashes.shift();
      if (crashes.length > policy.maxCrashes) {
        log.error({ workerPid, code, signal, crashes: crashes.length, windowMs: policy.windowMs }, `${names.many} keep crashing: stopping ${names.whole}`);
        failed = true;
        return stop();
      }
      const delayMs = Math.min(policy.firstDelayMs * 2 ** (crashes.length - 1), policy.maxDelayMs);
      log.error({ workerPid, code, signal, restartInMs: delayMs }, `${names.one} exited: starting another`);
      const timer = setTimeout(() => {
        pendingForks.delete(timer);
        if (!stopping) fork();
      }, delayMs);
      pendingForks.add(timer);
    });

    process.on('SIGTERM', () => {
      if (!stopping) {
        log.info({ workers: live().length }, `SIGTERM: draining the ${names.many}`);
        return stop();
      }
      // A second SIGTERM: the workers' own handler then exits at once.
      for (const worker of live()) worker.process.kill('SIGTERM');
    });
    process.on('SIGINT', () => {
      stopping = true;
      for (const timer of pendingForks) clearTimeout(timer);
      pendingForks.clear();
    });

    for (let i = 0; i < processes; i += 1) fork();
  });
}
