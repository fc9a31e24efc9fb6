// Where the machine's CPU goes while the pipeline works: each hub process (with its children),
// PostgreSQL's server processes and the bench's own process (the load generator and the sink),
// read from /proc over a window, per webhook. Figures from two days compare only with their
// machine lines (docs/benchmarks.md); this says which process an event's milliseconds went to
// and how many events the machine's cores could pay for at that cost.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { n } from './report.mjs';
import { descendants } from './rss.mjs';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's name and its CPU so far (utime + stime, in clock ticks), from the text of /proc/<pid>/stat. */
export function parseStat(text) {
  // The name sits in parentheses and may itself hold spaces and parentheses: fields follow the last ')'.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return { name: text.slice(text.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** parseStat of a running process; undefined once it exited. */
function stat(pid) {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Busy and total ticks of the whole machine, from the first line of /proc/stat. */
export function parseMachineStat(text) {
  const [, ...values] = text.slice(0, text.indexOf('\n')).trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

const machine = () => parseMachineStat(readFileSync('/proc/stat', 'utf8'));

/** Ticks of every PostgreSQL server process (the postmaster, its backends and helpers), by pid. */
function postgresTicks() {
  const ticks = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (s?.name === 'postgres') ticks.set(entry, s.ticks);
  }
  return ticks;
}

function treeTicks(pid) {
  return [pid, ...descendants(pid)].reduce((sum, p) => sum + (stat(p)?.ticks ?? 0), 0);
}

/**
 * Starts a CPU window over `processes` ({ label: ChildProcess or pid }, each with its children).
 * `stop()` answers the CPU seconds of each, of PostgreSQL and of the bench, and the machine's.
 * A PostgreSQL backend that connected during the window counts from its start.
 */
export function startCpuWindow(processes) {
  const pids = Object.fromEntries(Object.entries(processes).map(([label, p]) => [label, typeof p === 'number' ? p : p.pid]));
  const start = {
    at: performance.now(),
    machine: machine(),
    trees: Object.fromEntries(Object.entries(pids).map(([label, pid]) => [label, treeTicks(pid)])),
    postgres: postgresTicks(),
    bench: process.cpuUsage(),
  };
  return {
    stop() {
      const seconds = (performance.now() - start.at) / 1000;
      const end = machine();
      const cpu = Object.fromEntries(Object.entries(pids).map(([label, pid]) => [label, (treeTicks(pid) - start.trees[label]) / TICKS_PER_SECOND]));
      let postgres = 0;
      for (const [pid, ticks] of postgresTicks()) postgres += ticks - (start.postgres.get(pid) ?? 0);
      cpu.PostgreSQL = postgres / TICKS_PER_SECOND;
      const bench = process.cpuUsage(start.bench);
      cpu['bench (load generator, sink)'] = (bench.user + bench.system) / 1e6;
      const busy = end.busy - start.machine.busy;
      const total = end.total - start.machine.total;
      return { seconds, cpu, machineBusySeconds: busy / TICKS_PER_SECOND, busyShare: total > 0 ? busy / total : 0, cores: os.availableParallelism() };
    },
  };
}

/**
 * "CPU per delivered webhook: worker 0.62 ms, … machine 1.55 ms (86 % busy): 2 cores pay for
 * ~1,290/s at this cost". `events`: webhooks delivered within the window.
 */
export function cpuPerEventText(window, events, what = 'delivered webhook') {
  if (events <= 0) return `CPU per ${what}: no ${what}s in the window`;
  const ms = (seconds) => ((seconds * 1000) / events).toFixed(2);
  const parts = Object.entries(window.cpu).map(([label, seconds]) => `${label} ${ms(seconds)} ms`);
  const others = window.machineBusySeconds - Object.values(window.cpu).reduce((a, b) => a + b, 0);
  return `CPU per ${what}: ${parts.join(', ')}, everything else ${ms(Math.max(0, others))} ms; machine ${ms(window.machineBusySeconds)} ms (${Math.round(window.busyShare * 100)} % busy): ${window.cores} cores pay for ~${n(machineCapacity(window, events))}/s at this cost`;
}

/** Events a second the machine's cores could pay for at the window's machine CPU per event. */
export const machineCapacity = (window, events) => (window.cores * events) / window.machineBusySeconds;

/** "hub up 97 %, PostgreSQL 45 %, … of a core; machine 88 % busy" */
export function cpuShareText(window) {
  const parts = Object.entries(window.cpu).map(([label, seconds]) => `${label} ${Math.round((100 * seconds) / window.seconds)} %`);
  return `CPU (share of one core): ${parts.join(', ')}; machine ${Math.round(window.busyShare * 100)} % busy of ${window.cores} cores`;
}
