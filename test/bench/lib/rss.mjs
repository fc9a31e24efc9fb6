// Resident memory of the hub's processes, read from /proc/<pid>/status (VmRSS) once a second.
// Each watched process counts with its descendants (the worker forks JSONata evaluators): the
// tree total is what the machine pays; the root alone is printed beside it when they differ.
import { readFileSync, readdirSync } from 'node:fs';
import { median, n } from './report.mjs';

function rssMb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined; // exited between two samples
  }
}

export function descendants(pid) {
  const found = [];
  let tasks = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    let children = '';
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const child of children.split(' ').filter(Boolean).map(Number)) found.push(child, ...descendants(child));
  }
  return found;
}

/**
 * Starts sampling `processes` ({ label: ChildProcess or pid }) every `intervalMs`.
 * `stop()` returns { label: { tree: [MB…], root: [MB…] } }, one value per sample.
 */
export function sampleRss(processes, intervalMs = 1000) {
  const series = Object.fromEntries(Object.keys(processes).map((label) => [label, { tree: [], root: [] }]));
  const tick = () => {
    for (const [label, proc] of Object.entries(processes)) {
      const pid = typeof proc === 'number' ? proc : proc.pid;
      const root = rssMb(pid);
      if (root === undefined) continue;
      const tree = descendants(pid).reduce((sum, child) => sum + (rssMb(child) ?? 0), root);
      series[label].root.push(root);
      series[label].tree.push(tree);
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return series;
    },
  };
}

/** min / median / max and the median of the first and last `windowS` samples (flatness), in MB. */
export function rssFigures(values, windowS = 10) {
  if (values.length === 0) return undefined;
  return {
    min: Math.min(...values),
    median: median(values),
    max: Math.max(...values),
    first: median(values.slice(0, windowS)),
    last: median(values.slice(-windowS)),
    samples: values.length,
  };
}

export const formatRss = (f) => (f ? `min ${n(f.min)} / median ${n(f.median)} / max ${n(f.max)} MB, first 10 s ${n(f.first)} → last 10 s ${n(f.last)} MB (${f.samples} samples)` : 'no samples');

/** One line per watched process: its tree, and its own RSS when children add to it. */
export function rssLines(series) {
  const lines = [];
  for (const [label, { tree, root }] of Object.entries(series)) {
    lines.push(`  RSS ${label}: ${formatRss(rssFigures(tree))}`);
    if (tree.some((value, i) => value !== root[i])) lines.push(`  RSS ${label} (itself, without its children): ${formatRss(rssFigures(root))}`);
  }
  return lines;
}
