import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Cores a cgroup's CPU quota allows, from cgroup v2's `cpu.max` ("max 100000", "25000 100000")
 * or v1's quota and period (-1: none); undefined when no quota applies.
 */
export function quotaCores(cpuMax: string | undefined, v1Quota?: string, v1Period?: string): number | undefined {
  if (cpuMax !== undefined) {
    const [quota, period] = cpuMax.trim().split(/\s+/);
    if (quota === 'max' || !quota || !period) return undefined;
    return Number(quota) / Number(period);
  }
  const quota = Number(v1Quota);
  const period = Number(v1Period);
  return quota > 0 && period > 0 ? quota / period : undefined;
}

const readOrUndefined = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The cores this process may use: the machine's, bounded by its container's CPU quota. */
export function availableCores(): number {
  const quota = quotaCores(readOrUndefined('/sys/fs/cgroup/cpu.max'), readOrUndefined('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'), readOrUndefined('/sys/fs/cgroup/cpu/cpu.cfs_period_us'));
  return Math.min(availableParallelism(), quota ?? Infinity);
}

/**
 * Whether the queue consumers' SQS calls get a thread of their own (HUB_SQS_THREAD). `auto`: when
 * the process has two cores or more to itself: the cores it may use, shared by the `processes`
 * worker processes of `hub worker --processes N`. With fewer the thread would only share a core
 * another thread needs, for ~65 MB more memory a process (docs/deploy.md, "The SQS thread").
 */
export function useSqsThread(setting: 'auto' | 'on' | 'off', cores: number = availableCores(), processes = 1): boolean {
  if (setting === 'auto') return cores / processes >= 2;
  return setting === 'on';
}
