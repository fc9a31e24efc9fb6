import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { JsonataEvaluationError } from '../errors.js';
import { EvaluationQueue, type QueuedEvaluation } from './evaluation-queue.js';
import { evaluatorFailure, type EvaluatorReply } from './evaluator-failure.js';
import type { JsonataLimits } from './jsonata-limits.js';

// The same path from src/ and from dist/: the evaluator is plain JavaScript (see the file for why).
const EVALUATOR = fileURLToPath(new URL('../../evaluator/jsonata-evaluator.mjs', import.meta.url));

/**
 * JSONata checks its own timeout between evaluation steps; one step that never ends (a regular
 * expression backtracking, a tight loop in a built-in) does not reach that check, so the
 * evaluator is killed this long after the timeout.
 */
const KILL_GRACE_MS = 250;
/** Niceness of an evaluator process (the hub runs at 0). */
const EVALUATOR_NICENESS = 10;
/** Compiled expressions each evaluator keeps. */
const CACHE_SIZE = 500;
/**
 * Evaluations of one expression handed to an evaluator at once (it runs them one after another).
 * One at a time, an expression's throughput was one IPC round trip per event through a single
 * evaluator (the per-expression cap below), at a lower priority than the hub: under load the route
 * mapping became the pipeline's bottleneck (~470 events/s end to end on 2 cores).
 */
const BATCH_MAX = 16;

interface Job extends QueuedEvaluation {
  id: number;
  input: unknown;
  bindings: Record<string, unknown> | undefined;
  resolve(value: unknown): void;
  reject(err: JsonataEvaluationError): void;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  /** The evaluations handed to it, in the order it runs them (one expression); the first is running. */
  jobs: Job[];
  /** How the batch went so far (whether its expression becomes a suspect). */
  outcome: 'succeeded' | 'failed' | 'limit' | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Stopped by the pool: its exit settles nothing. */
  gone: boolean;
}

export interface JsonataPoolStats {
  /** Evaluator processes running or starting. */
  processes: number;
  /** Of those, still starting. */
  starting: number;
  busy: number;
  queued: number;
  /** Evaluators killed at a limit or lost (each replaced when next needed). */
  restarts: number;
}

const busy = (why: string) => new JsonataEvaluationError('HUB_JSONATA_BUSY', `JSONata evaluation refused for now: ${why}`);

/**
 * Evaluates JSONata in a few child processes, so that an expression that loops, recurses without
 * end or builds something huge costs its own event a failure and never stalls the caller's event
 * loop nor takes its memory. Each evaluator runs one evaluation at a time under the limits:
 * JSONata's own timeout and depth checks, SIGKILL past the timeout, a heap cap
 * (--max-old-space-size), a result size check. Evaluators start on first use, one more whenever
 * all are busy (up to the limit); one that is killed or dies is replaced the same way. One
 * expression never takes every evaluator (its first looping evaluations leave one free), and once
 * it has hit a limit it runs one evaluation at a time with the others that did (until one of its
 * evaluations succeeds): however many events a looping expression has, the other expressions keep
 * an evaluator (see EvaluationQueue). An evaluator is handed up to BATCH_MAX waiting evaluations of
 * one (unsuspected) expression at once and runs them in turn; when one of them is stopped at a
 * limit, those behind it go back to the queue, so a looping expression delays only its own.
 *
 * Processes rather than worker threads: terminate() stops a thread in a tight loop, but a thread
 * past its resourceLimits heap can abort the whole process (nodejs/node#47224; here
 * `$count($append([1..10000000],[1..10000000]))` did, at 128 MiB), and a stuck evaluation must
 * cost one event, not every message the process holds.
 */
export class JsonataPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: EvaluationQueue<Job>;
  private nextId = 1;
  private restarts = 0;
  private closing: 'now' | 'drain' | undefined;

  constructor(readonly limits: Readonly<JsonataLimits>) {
    this.queue = new EvaluationQueue(limits);
  }

  /** The value of the expression `source` for `input`; rejects with a JsonataEvaluationError. */
  evaluate(source: string, input: unknown, bindings?: Record<string, unknown>): Promise<unknown> {
    if (this.closing) return Promise.reject(busy('the evaluation pool is closed'));
    return new Promise((resolve, reject) => {
      const job = { id: this.nextId++, source, input, bindings, queuedAt: Date.now(), resolve, reject };
      if (!this.queue.add(job)) return reject(busy(`${this.limits.maxQueued} evaluations already wait for an evaluator (HUB_JSONATA_MAX_QUEUED)`));
      this.pump();
    });
  }

  stats(): JsonataPoolStats {
    const slots = [...this.slots];
    return { processes: slots.length, starting: slots.filter((s) => !s.ready).length, busy: slots.filter((s) => s.jobs.length > 0).length, queued: this.queue.size, restarts: this.restarts };
  }

  /**
   * Stops the evaluators. `now` (default) refuses what waits and what runs (HUB_JSONATA_BUSY, retryable);
   * `drain` refuses only new evaluations and lets the evaluators go once the queued ones are done.
   */
  async close(mode: 'now' | 'drain' = 'now'): Promise<void> {
    this.closing = mode;
    if (mode === 'drain') return this.pump();
    for (const job of this.queue.takeAll()) job.reject(busy('the evaluation pool is closed'));
    await Promise.all([...this.slots].map((slot) => this.stop(slot, busy('the evaluation pool is closed'))));
  }

  /** Starts what can start: queued evaluations on idle evaluators, and a spare evaluator. */
  private pump(): void {
    for (;;) {
      const idle = [...this.slots].find((s) => s.ready && s.jobs.length === 0);
      if (!idle) break;
      const job = this.queue.takeNext();
      if (job) this.dispatch(idle, [job, ...this.queue.takeMoreOf(job, BATCH_MAX - 1)]);
      else if (this.closing === 'drain' && this.queue.size === 0) void this.stop(idle);
      else break;
    }
    // When every evaluator is busy, one more starts (one at a time, up to the limit): an evaluation
    // stuck in a loop then leaves another evaluator ready, not one that takes a while to start.
    const allBusy = [...this.slots].every((s) => s.ready && s.jobs.length > 0);
    // Draining, only while evaluations still wait (a killed evaluator must not strand them).
    const starting = !this.closing || (this.closing === 'drain' && this.queue.size > 0);
    if (starting && allBusy && this.slots.size < this.limits.processes) this.spawn();
  }

  private spawn(): void {
    const { timeoutMs, maxDepth, maxResultBytes, memoryMb } = this.limits;
    const child = fork(EVALUATOR, [JSON.stringify({ timeoutMs, maxDepth, maxResultBytes, cacheSize: CACHE_SIZE })], {
      // Not the hub's flags (a loader, its heap size): only the evaluator's own heap cap.
      execArgv: [`--max-old-space-size=${memoryMb}`],
      // Nothing of the hub's environment (credentials) is needed to evaluate an expression.
      env: {},
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'json',
    });
    // Below the hub's own priority: an expression that loops until its timeout burns a core, and the
    // hub's I/O (other events) should get the CPU first on a small machine.
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, EVALUATOR_NICENESS);
      } catch {
        // Not permitted here (some containers): the evaluator runs at the hub's priority.
      }
    }
    const slot: Slot = { child, ready: false, jobs: [], outcome: undefined, timer: undefined, gone: false };
    this.slots.add(slot);
    child.on('message', (message: EvaluatorReply | { ready: true }) => ('ready' in message ? this.onReady(slot) : this.onReply(slot, message)));
    // A failed spawn or send is followed by 'exit' (or a kill), which settles the evaluation.
    child.on('error', () => undefined);
    child.on('exit', (code, signal) => this.onExit(slot, code, signal));
  }

  private onReady(slot: Slot): void {
    slot.ready = true;
    // An idle evaluator must not keep the hub process alive; a busy one does (see dispatch).
    this.unref(slot);
    this.pump();
  }

  private dispatch(slot: Slot, jobs: Job[]): void {
    slot.jobs = [];
    slot.outcome = undefined;
    slot.child.ref();
    slot.child.channel?.ref();
    for (const job of jobs) {
      try {
        slot.child.send({ id: job.id, source: job.source, input: job.input, bindings: job.bindings });
        slot.jobs.push(job);
      } catch (err) {
        // The input crosses as JSON: one that cannot be written (a cycle, a BigInt) fails here.
        job.reject(new JsonataEvaluationError('HUB_JSONATA_EVALUATION_FAILED', `the input cannot be given to JSONata: ${(err as Error).message}`));
        slot.outcome ??= 'failed';
      }
    }
    if (slot.jobs.length === 0) {
      this.release(slot, jobs[0] as Job, slot.outcome ?? 'failed');
      this.pump();
      return;
    }
    this.armTimer(slot);
  }

  /** The running evaluation (the first of the batch) has the timeout from now: the ones before it have answered. */
  private armTimer(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      this.restarts++;
      void this.stop(slot, new JsonataEvaluationError('HUB_JSONATA_TIMEOUT', `JSONata expression stopped after ${this.limits.timeoutMs} ms (HUB_JSONATA_TIMEOUT_MS): a loop or a recursion that does not end?`, { limit: 'timeoutMs' }));
    }, this.limits.timeoutMs + KILL_GRACE_MS);
  }

  private onReply(slot: Slot, reply: EvaluatorReply): void {
    const index = slot.jobs.findIndex((j) => j.id === reply.id);
    if (index < 0) return;
    const [job] = slot.jobs.splice(index, 1) as [Job];
    if (reply.ok) {
      slot.outcome = slot.outcome === 'limit' ? 'limit' : 'succeeded';
      job.resolve(reply.value);
    } else {
      const error = evaluatorFailure(reply, this.limits);
      const outcome = error.code === 'HUB_JSONATA_EVALUATION_FAILED' ? 'failed' : 'limit';
      slot.outcome = outcome === 'limit' || slot.outcome === 'limit' ? 'limit' : (slot.outcome ?? 'failed');
      job.reject(error);
    }
    if (slot.jobs.length > 0) return this.armTimer(slot);
    this.release(slot, job, slot.outcome);
    this.pump();
  }

  /** An evaluator that ended without the pool stopping it: out of memory (V8 aborts), or crashed. */
  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.gone) return;
    slot.gone = true;
    this.slots.delete(slot);
    this.restarts++;
    const job = this.stopBatch(slot, 'limit');
    const how = signal ?? `exit code ${code}`;
    if (job) {
      job.reject(
        signal === 'SIGABRT'
          ? new JsonataEvaluationError('HUB_JSONATA_RESOURCE_LIMIT', `JSONata expression needed more than ${this.limits.memoryMb} MiB (HUB_JSONATA_MEMORY_MB)`, { limit: 'memoryMb' })
          : new JsonataEvaluationError('HUB_JSONATA_RESOURCE_LIMIT', `the JSONata evaluator stopped during the evaluation (${how})`),
      );
    } else if (!slot.ready) {
      // An evaluator that cannot start would be started again for every waiting evaluation: refuse them (retryable).
      for (const waiting of this.queue.takeAll()) waiting.reject(busy(`the JSONata evaluator could not start (${how})`));
    }
    this.pump();
  }

  /** Kills an evaluator; what it was evaluating fails with `error`. */
  private async stop(slot: Slot, error?: JsonataEvaluationError): Promise<void> {
    if (slot.gone) return;
    slot.gone = true;
    this.slots.delete(slot);
    const job = this.stopBatch(slot, error?.code === 'HUB_JSONATA_TIMEOUT' ? 'limit' : 'failed', error);
    if (job && error) job.reject(error);
    this.pump();
    if (slot.child.exitCode !== null || slot.child.signalCode !== null) return;
    const exited = new Promise((resolve) => slot.child.once('exit', resolve));
    slot.child.ref(); // until it is gone: whoever awaits close() sees it exit
    slot.child.kill('SIGKILL');
    await exited;
  }

  /**
   * An evaluator stops with a batch in hand: the running evaluation (returned, for the caller to
   * fail) takes the blame; the ones behind it go back to the queue (refused when the pool closes now).
   */
  private stopBatch(slot: Slot, outcome: 'failed' | 'limit', error?: JsonataEvaluationError): Job | undefined {
    const [running, ...behind] = slot.jobs;
    slot.jobs = [];
    if (running) this.release(slot, running, slot.outcome === 'limit' ? 'limit' : outcome);
    else this.release(slot, undefined, outcome);
    for (const job of behind) {
      if (this.closing === 'now' && error) job.reject(error);
      else if (!this.queue.add(job)) job.reject(busy(`${this.limits.maxQueued} evaluations already wait for an evaluator (HUB_JSONATA_MAX_QUEUED)`));
    }
    return running;
  }

  /** The evaluator is free again; how its batch ended decides whether its expression is a suspect. */
  private release(slot: Slot, first: Job | undefined, outcome: 'succeeded' | 'failed' | 'limit'): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    // The batch counted as one running evaluation of its expression (takeNext, takeMoreOf).
    if (first) this.queue.finished(first, outcome);
    slot.jobs = [];
    slot.outcome = undefined;
    this.unref(slot);
  }

  private unref(slot: Slot): void {
    slot.child.unref();
    slot.child.channel?.unref();
  }
}
