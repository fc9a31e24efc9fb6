import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { JsonataEvaluationError } from '../errors.js';
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
/** Expressions remembered as having hit a limit lately. */
const SUSPECTS_MAX = 1_000;

interface Job {
  id: number;
  source: string;
  input: unknown;
  bindings: Record<string, unknown> | undefined;
  /** Its expression had hit a limit when it was queued or dispatched. */
  suspect: boolean;
  queuedAt: number;
  resolve(value: unknown): void;
  reject(err: JsonataEvaluationError): void;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Stopped by the pool: its exit settles nothing. */
  gone: boolean;
}

type Reply =
  | { id: number; ok: true; value?: unknown }
  | { id: number; ok: false; kind: 'timeout' | 'resource' | 'too_large' | 'failed'; code?: string; message?: string; position?: number };

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
 * all are busy (up to the limit); one that is killed or dies is replaced the same way. One expression never takes every evaluator
 * (its first looping evaluations leave one free), and once it has hit a limit it runs one
 * evaluation at a time with the others that did (until one of its evaluations succeeds): however
 * many events a looping expression has, the other expressions keep an evaluator.
 *
 * Processes rather than worker threads: terminate() stops a thread in a tight loop, but a thread
 * past its resourceLimits heap can abort the whole process (nodejs/node#47224; here
 * `$count($append([1..10000000],[1..10000000]))` did, at 128 MiB), and a stuck evaluation must
 * cost one event, not every message the process holds.
 */
export class JsonataPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly suspectQueue: Job[] = [];
  private readonly suspects = new Set<string>();
  private suspectsRunning = 0;
  /** Evaluations running, by expression. */
  private readonly running = new Map<string, number>();
  private nextId = 1;
  private restarts = 0;
  private closing: 'now' | 'drain' | undefined;

  constructor(readonly limits: Readonly<JsonataLimits>) {}

  /** The value of the expression `source` for `input`; rejects with a JsonataEvaluationError. */
  evaluate(source: string, input: unknown, bindings?: Record<string, unknown>): Promise<unknown> {
    if (this.closing) return Promise.reject(busy('the evaluation pool is closed'));
    const suspect = this.suspects.has(source);
    const queue = suspect ? this.suspectQueue : this.queue;
    if (queue.length >= this.limits.maxQueued) return Promise.reject(busy(`${queue.length} evaluations already wait for an evaluator (HUB_JSONATA_MAX_QUEUED)`));
    return new Promise((resolve, reject) => {
      queue.push({ id: this.nextId++, source, input, bindings, suspect, queuedAt: Date.now(), resolve, reject });
      this.pump();
    });
  }

  stats(): JsonataPoolStats {
    const slots = [...this.slots];
    return { processes: slots.length, starting: slots.filter((s) => !s.ready).length, busy: slots.filter((s) => s.job).length, queued: this.queue.length + this.suspectQueue.length, restarts: this.restarts };
  }

  /**
   * Stops the evaluators. `now` (default) refuses what waits and what runs (HUB_JSONATA_BUSY, retryable);
   * `drain` refuses only new evaluations and lets the evaluators go once the queued ones are done.
   */
  async close(mode: 'now' | 'drain' = 'now'): Promise<void> {
    this.closing = mode;
    if (mode === 'drain') return this.pump();
    for (const job of this.queue.splice(0).concat(this.suspectQueue.splice(0))) job.reject(busy('the evaluation pool is closed'));
    await Promise.all([...this.slots].map((slot) => this.stop(slot, busy('the evaluation pool is closed'))));
  }

  /** Starts what can start: queued evaluations on idle evaluators, and a spare evaluator. */
  private pump(): void {
    for (;;) {
      const job = this.next();
      const idle = [...this.slots].find((s) => s.ready && !s.job);
      if (!job) {
        if (this.closing === 'drain' && idle) {
          void this.stop(idle);
          continue;
        }
        break;
      }
      if (!idle) break;
      this.take(job);
      this.dispatch(idle, job);
    }
    // When every evaluator is busy, one more starts (one at a time, up to the limit): an evaluation
    // stuck in a loop then leaves another evaluator ready, not one that takes a while to start.
    const allBusy = [...this.slots].every((s) => s.ready && s.job);
    // Draining, only while evaluations still wait (a killed evaluator must not strand them).
    const starting = !this.closing || (this.closing === 'drain' && this.queue.length + this.suspectQueue.length > 0);
    if (starting && allBusy && this.slots.size < this.limits.processes) this.spawn();
  }

  /**
   * The next evaluation to start, oldest first among those allowed: one expression never runs on
   * every evaluator at once (one stays free for the others, as long as there are two), and the
   * expressions that hit a limit run one evaluation at a time in all, after the plain ones. A
   * suspect one that has waited longer than the timeout goes first: a steady flow of plain ones
   * must not starve it.
   */
  private next(): Job | undefined {
    const suspect = this.suspectsRunning === 0 ? this.suspectQueue[0] : undefined;
    if (suspect && Date.now() - suspect.queuedAt > this.limits.timeoutMs) return suspect;
    const cap = Math.max(1, this.limits.processes - 1);
    for (let i = 0; i < this.queue.length; ) {
      const job = this.queue[i] as Job;
      if (this.suspects.has(job.source)) {
        // Its expression hit a limit while this evaluation waited as a plain one.
        this.queue.splice(i, 1);
        this.suspectQueue.push({ ...job, suspect: true });
        continue;
      }
      if ((this.running.get(job.source) ?? 0) < cap) return job;
      i++;
    }
    return this.suspectsRunning === 0 ? this.suspectQueue[0] : undefined;
  }

  private take(job: Job): void {
    const queue = this.suspectQueue.includes(job) ? this.suspectQueue : this.queue;
    queue.splice(queue.indexOf(job), 1);
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
    const slot: Slot = { child, ready: false, job: undefined, timer: undefined, gone: false };
    this.slots.add(slot);
    child.on('message', (message: Reply | { ready: true }) => ('ready' in message ? this.onReady(slot) : this.onReply(slot, message)));
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

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    if (job.suspect) this.suspectsRunning++;
    this.running.set(job.source, (this.running.get(job.source) ?? 0) + 1);
    slot.child.ref();
    slot.child.channel?.ref();
    slot.timer = setTimeout(() => {
      this.restarts++;
      void this.stop(slot, new JsonataEvaluationError('HUB_JSONATA_TIMEOUT', `JSONata expression stopped after ${this.limits.timeoutMs} ms (HUB_JSONATA_TIMEOUT_MS): a loop or a recursion that does not end?`, { limit: 'timeoutMs' }));
    }, this.limits.timeoutMs + KILL_GRACE_MS);
    try {
      slot.child.send({ id: job.id, source: job.source, input: job.input, bindings: job.bindings });
    } catch (err) {
      // The input crosses as JSON: one that cannot be written (a cycle, a BigInt) fails here.
      this.release(slot);
      job.reject(new JsonataEvaluationError('HUB_JSONATA_EVALUATION_FAILED', `the input cannot be given to JSONata: ${(err as Error).message}`));
      this.pump();
    }
  }

  private onReply(slot: Slot, reply: Reply): void {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    this.release(slot);
    if (reply.ok) {
      this.suspects.delete(job.source);
      job.resolve(reply.value);
    } else {
      const error = this.failureOf(reply);
      if (error.code !== 'HUB_JSONATA_EVALUATION_FAILED') this.suspect(job.source);
      job.reject(error);
    }
    this.pump();
  }

  private failureOf(reply: Extract<Reply, { ok: false }>): JsonataEvaluationError {
    const { limits } = this;
    const about = { jsonataCode: reply.code, position: reply.position };
    switch (reply.kind) {
      case 'timeout':
        return new JsonataEvaluationError('HUB_JSONATA_TIMEOUT', `JSONata expression ran longer than ${limits.timeoutMs} ms (HUB_JSONATA_TIMEOUT_MS): ${reply.message}`, { ...about, limit: 'timeoutMs' });
      case 'too_large':
        return new JsonataEvaluationError('HUB_JSONATA_RESOURCE_LIMIT', `JSONata result is larger than ${limits.maxResultBytes} bytes (HUB_JSONATA_MAX_RESULT_BYTES)`, { limit: 'maxResultBytes' });
      case 'resource':
        return reply.code === 'D1011'
          ? new JsonataEvaluationError('HUB_JSONATA_RESOURCE_LIMIT', `JSONata expression nested deeper than ${limits.maxDepth} steps (HUB_JSONATA_MAX_DEPTH): ${reply.message}`, { ...about, limit: 'maxDepth' })
          : new JsonataEvaluationError('HUB_JSONATA_RESOURCE_LIMIT', `JSONata expression went past an engine limit: ${reply.message}`, about);
      case 'failed':
        return new JsonataEvaluationError('HUB_JSONATA_EVALUATION_FAILED', reply.message ?? 'JSONata evaluation failed', about);
    }
  }

  /** An evaluator that ended without the pool stopping it: out of memory (V8 aborts), or crashed. */
  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.gone) return;
    slot.gone = true;
    this.slots.delete(slot);
    this.restarts++;
    const job = slot.job;
    this.release(slot);
    const how = signal ?? `exit code ${code}`;
    if (job) {
      this.suspect(job.source);
      job.reject(
        signal === 'SIGABRT'
          ? new JsonataEvaluationError('HUB_JSONATA_RESOURCE_LIMIT', `JSONata expression needed more than ${this.limits.memoryMb} MiB (HUB_JSONATA_MEMORY_MB)`, { limit: 'memoryMb' })
          : new JsonataEvaluationError('HUB_JSONATA_RESOURCE_LIMIT', `the JSONata evaluator stopped during the evaluation (${how})`),
      );
    } else if (!slot.ready) {
      // An evaluator that cannot start would be started again for every waiting evaluation: refuse them (retryable).
      for (const waiting of this.queue.splice(0).concat(this.suspectQueue.splice(0))) waiting.reject(busy(`the JSONata evaluator could not start (${how})`));
    }
    this.pump();
  }

  /** Kills an evaluator; what it was evaluating fails with `error`. */
  private async stop(slot: Slot, error?: JsonataEvaluationError): Promise<void> {
    if (slot.gone) return;
    slot.gone = true;
    this.slots.delete(slot);
    const job = slot.job;
    this.release(slot);
    if (job && error) {
      if (error.code === 'HUB_JSONATA_TIMEOUT') this.suspect(job.source);
      job.reject(error);
    }
    this.pump();
    if (slot.child.exitCode !== null || slot.child.signalCode !== null) return;
    const exited = new Promise((resolve) => slot.child.once('exit', resolve));
    slot.child.ref(); // until it is gone: whoever awaits close() sees it exit
    slot.child.kill('SIGKILL');
    await exited;
  }

  private release(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    const job = slot.job;
    if (job) {
      if (job.suspect) this.suspectsRunning--;
      const running = (this.running.get(job.source) ?? 1) - 1;
      if (running > 0) this.running.set(job.source, running);
      else this.running.delete(job.source);
    }
    slot.job = undefined;
    this.unref(slot);
  }

  private unref(slot: Slot): void {
    slot.child.unref();
    slot.child.channel?.unref();
  }

  private suspect(source: string): void {
    this.suspects.delete(source);
    this.suspects.add(source);
    if (this.suspects.size > SUSPECTS_MAX) this.suspects.delete(this.suspects.values().next().value as string);
  }
}
