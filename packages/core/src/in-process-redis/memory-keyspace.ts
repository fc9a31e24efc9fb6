import { hubError } from '../errors/index.js';

type Value = { kind: 'string'; text: string } | { kind: 'zset'; scores: Map<string, number> };

interface Entry {
  value: Value;
  /** Epoch ms when the key disappears; undefined: never. */
  expiresAt: number | undefined;
}

const wrongType = () => hubError('HUB_IN_PROCESS_REDIS_UNSUPPORTED', 'WRONGTYPE Operation against a key holding the wrong kind of value');

/** A score bound as ZCOUNT and ZREMRANGEBYSCORE take it: a number, -inf/+inf, or "(n" for exclusive. */
function scoreBound(bound: string | number): { value: number; exclusive: boolean } {
  const text = String(bound);
  const exclusive = text.startsWith('(');
  const raw = exclusive ? text.slice(1) : text;
  const value = raw === '+inf' ? Infinity : raw === '-inf' ? -Infinity : Number(raw);
  return { value, exclusive };
}

const within = (score: number, min: string | number, max: string | number) => {
  const lo = scoreBound(min);
  const hi = scoreBound(max);
  return (lo.exclusive ? score > lo.value : score >= lo.value) && (hi.exclusive ? score < hi.value : score <= hi.value);
};

/**
 * The keys of the in-process store with Redis's semantics for the commands the hub uses:
 * strings with a millisecond TTL, sorted sets, lazy expiry on access. Synchronous on purpose:
 * a script built from these calls runs without interleaving, as a Lua script does in Redis.
 */
export class MemoryKeyspace {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private zset(key: string): Map<string, number> | undefined {
    const entry = this.live(key);
    if (!entry) return undefined;
    if (entry.value.kind !== 'zset') throw wrongType();
    return entry.value.scores;
  }

  get(key: string): string | null {
    const entry = this.live(key);
    if (!entry) return null;
    if (entry.value.kind !== 'string') throw wrongType();
    return entry.value.text;
  }

  /** SET key value [PX ms] [NX|XX]: 'OK', or null when NX/XX kept it from being set. */
  set(key: string, text: string, options: { pxMs?: number; nx?: boolean; xx?: boolean } = {}): 'OK' | null {
    const exists = this.live(key) !== undefined;
    if ((options.nx && exists) || (options.xx && !exists)) return null;
    this.entries.set(key, { value: { kind: 'string', text }, expiresAt: options.pxMs === undefined ? undefined : this.now() + options.pxMs });
    return 'OK';
  }

  del(keys: readonly string[]): number {
    let removed = 0;
    for (const key of keys) if (this.live(key) && this.entries.delete(key)) removed += 1;
    return removed;
  }

  /** -2 when the key does not exist, -1 when it has no TTL. */
  pttl(key: string): number {
    const entry = this.live(key);
    if (!entry) return -2;
    return entry.expiresAt === undefined ? -1 : Math.max(0, entry.expiresAt - this.now());
  }

  pexpire(key: string, ms: number): 0 | 1 {
    const entry = this.live(key);
    if (!entry) return 0;
    entry.expiresAt = this.now() + ms;
    return 1;
  }

  /** ZADD key [XX] score member: how many members were added (an update with XX adds none). */
  zadd(key: string, score: number, member: string, options: { xx?: boolean } = {}): number {
    let scores = this.zset(key);
    if (!scores) {
      if (options.xx) return 0;
      scores = new Map();
      this.entries.set(key, { value: { kind: 'zset', scores }, expiresAt: undefined });
    }
    const added = scores.has(member) ? 0 : 1;
    if (options.xx && added) return 0;
    scores.set(member, score);
    return added;
  }

  zscore(key: string, member: string): number | null {
    return this.zset(key)?.get(member) ?? null;
  }

  zcard(key: string): number {
    return this.zset(key)?.size ?? 0;
  }

  zcount(key: string, min: string | number, max: string | number): number {
    let count = 0;
    for (const score of this.zset(key)?.values() ?? []) if (within(score, min, max)) count += 1;
    return count;
  }

  zremrangebyscore(key: string, min: string | number, max: string | number): number {
    const scores = this.zset(key);
    if (!scores) return 0;
    let removed = 0;
    for (const [member, score] of scores) {
      if (within(score, min, max)) {
        scores.delete(member);
        removed += 1;
      }
    }
    // Redis deletes a sorted set whose last member goes.
    if (scores.size === 0) this.entries.delete(key);
    return removed;
  }

  /** The member with the lowest score (ties: the lexicographically first), as ZRANGE key 0 0 WITHSCORES. */
  zfirst(key: string): { member: string; score: number } | undefined {
    let first: { member: string; score: number } | undefined;
    for (const [member, score] of this.zset(key) ?? []) {
      if (!first || score < first.score || (score === first.score && member < first.member)) first = { member, score };
    }
    return first;
  }

  /** Every live key the pattern matches. */
  keys(pattern: RegExp): string[] {
    return [...this.entries.keys()].filter((key) => this.live(key) !== undefined && pattern.test(key));
  }

  /** Drops expired keys nobody reads any more (a limiter key of a target no longer called). */
  sweep(): void {
    for (const key of [...this.entries.keys()]) this.live(key);
  }
}
