/** One evaluation waiting for, or running on, an evaluator. */
export interface QueuedEvaluation {
  source: string;
  queuedAt: number;
}

/** Expressions remembered as having hit a limit lately. */
const SUSPECTS_MAX = 1_000;

/**
 * The order in which waiting evaluations get an evaluator, oldest first among those allowed:
 * - one expression never runs on every evaluator at once (one stays free for the others, as long
 *   as there are two): the first evaluations of an expression that loops cannot take them all;
 * - an expression that hit a limit is a suspect until one of its evaluations succeeds: suspects
 *   run one evaluation at a time in all, after the plain ones, so however many events a looping
 *   expression has, it holds one evaluator; a suspect one that has waited longer than the timeout
 *   goes first, so that a steady flow of plain ones does not starve it.
 */
export class EvaluationQueue<E extends QueuedEvaluation> {
  private readonly plain: E[] = [];
  private readonly suspectQueue: E[] = [];
  private readonly suspects = new Set<string>();
  /** Evaluations running, by expression. */
  private readonly running = new Map<string, number>();
  private readonly runningSuspects = new Set<E>();

  constructor(private readonly limits: { processes: number; maxQueued: number; timeoutMs: number }) {}

  get size(): number {
    return this.plain.length + this.suspectQueue.length;
  }

  /** Queues it, or says no when as many as allowed wait already (in its lane). */
  add(evaluation: E): boolean {
    const lane = this.suspects.has(evaluation.source) ? this.suspectQueue : this.plain;
    if (lane.length >= this.limits.maxQueued) return false;
    lane.push(evaluation);
    return true;
  }

  /** Takes the next evaluation allowed to start now, and counts it as running until `finished`. */
  takeNext(): E | undefined {
    const next = this.next();
    if (!next) return undefined;
    const lane = this.suspectQueue.includes(next) ? this.suspectQueue : this.plain;
    lane.splice(lane.indexOf(next), 1);
    if (lane === this.suspectQueue) this.runningSuspects.add(next);
    this.running.set(next.source, (this.running.get(next.source) ?? 0) + 1);
    return next;
  }

  /**
   * Up to `max` more waiting evaluations of `first`'s expression to run after it on the same
   * evaluator, oldest first; none when it is a suspect. They count with `first` as one running
   * evaluation (one evaluator), and are not `finished` on their own.
   */
  takeMoreOf(first: E, max: number): E[] {
    if (max <= 0 || this.suspects.has(first.source) || this.runningSuspects.has(first)) return [];
    const more: E[] = [];
    for (let i = 0; i < this.plain.length && more.length < max; ) {
      const evaluation = this.plain[i] as E;
      if (evaluation.source === first.source) {
        this.plain.splice(i, 1);
        more.push(evaluation);
      } else i++;
    }
    return more;
  }

  finished(evaluation: E, outcome: 'succeeded' | 'failed' | 'limit'): void {
    this.runningSuspects.delete(evaluation);
    const running = (this.running.get(evaluation.source) ?? 1) - 1;
    if (running > 0) this.running.set(evaluation.source, running);
    else this.running.delete(evaluation.source);
    if (outcome === 'succeeded') this.suspects.delete(evaluation.source);
    if (outcome === 'limit') {
      this.suspects.delete(evaluation.source);
      this.suspects.add(evaluation.source); // most recent last
      if (this.suspects.size > SUSPECTS_MAX) this.suspects.delete(this.suspects.values().next().value as string);
    }
  }

  /** Empties the queue (the caller refuses what waited). */
  takeAll(): E[] {
    return this.plain.splice(0).concat(this.suspectQueue.splice(0));
  }

  private next(): E | undefined {
    const suspect = this.runningSuspects.size === 0 ? this.suspectQueue[0] : undefined;
    if (suspect && Date.now() - suspect.queuedAt > this.limits.timeoutMs) return suspect;
    const cap = Math.max(1, this.limits.processes - 1);
    for (let i = 0; i < this.plain.length; ) {
      const evaluation = this.plain[i] as E;
      if (this.suspects.has(evaluation.source)) {
        // Its expression hit a limit while this evaluation waited as a plain one.
        this.plain.splice(i, 1);
        this.suspectQueue.push(evaluation);
        continue;
      }
      if ((this.running.get(evaluation.source) ?? 0) < cap) return evaluation;
      i++;
    }
    // Read again: the loop may have moved one to the suspects' lane.
    return this.runningSuspects.size === 0 ? this.suspectQueue[0] : undefined;
  }
}
