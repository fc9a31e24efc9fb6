import type { Redis } from 'ioredis';
import { hubError } from '../errors/index.js';
import { globPattern } from './glob-pattern.js';
import { HUB_SCRIPTS } from './hub-scripts.js';
import { MemoryKeyspace } from './memory-keyspace.js';

type Arg = string | number | Buffer;

const unsupported = (what: string) => hubError('HUB_IN_PROCESS_REDIS_UNSUPPORTED', `the in-process Redis of hub up does not implement ${what}; set REDIS_URL to a Redis server`);

/**
 * The commands of ioredis's client that the hub calls (GET, SET with PX/NX/XX, DEL, PTTL,
 * EVAL of the hub's own scripts, SCAN, TIME, ZCOUNT), answered from memory in this process.
 * `hub up` runs ingress, relay, workers and console in one process, so circuit, rate-limit and
 * lease state kept here is exact, not a degraded per-process share. Anything else rejects
 * (HUB_IN_PROCESS_REDIS_UNSUPPORTED), which callers treat as Redis being unavailable.
 */
export class InProcessRedis {
  readonly status = 'ready';
  private readonly keyspace: MemoryKeyspace;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.keyspace = new MemoryKeyspace(now);
    this.sweeper = setInterval(() => this.keyspace.sweep(), 60_000).unref();
  }

  /** Typed as the ioredis client its callers take; only the commands listed above are there. */
  asRedis(): Redis {
    return this as unknown as Redis;
  }

  async get(key: Arg): Promise<string | null> {
    return this.keyspace.get(String(key));
  }

  async set(key: Arg, value: Arg, ...options: Arg[]): Promise<'OK' | null> {
    const parsed: { pxMs?: number; nx?: boolean; xx?: boolean } = {};
    for (let i = 0; i < options.length; i += 1) {
      const option = String(options[i]).toUpperCase();
      if (option === 'PX') parsed.pxMs = Number(options[++i]);
      else if (option === 'EX') parsed.pxMs = Number(options[++i]) * 1000;
      else if (option === 'NX') parsed.nx = true;
      else if (option === 'XX') parsed.xx = true;
      else throw unsupported(`SET ... ${option}`);
    }
    return this.keyspace.set(String(key), String(value), parsed);
  }

  async del(...keys: Arg[]): Promise<number> {
    return this.keyspace.del(keys.flat().map(String));
  }

  async pttl(key: Arg): Promise<number> {
    return this.keyspace.pttl(String(key));
  }

  async zcount(key: Arg, min: Arg, max: Arg): Promise<number> {
    return this.keyspace.zcount(String(key), String(min), String(max));
  }

  /** One pass returns every match (cursor "0"): the keyspace of one hub is small. */
  async scan(_cursor: Arg, ...options: Arg[]): Promise<[string, string[]]> {
    const at = options.findIndex((o) => String(o).toUpperCase() === 'MATCH');
    const pattern = at >= 0 ? globPattern(String(options[at + 1])) : /^/;
    return ['0', this.keyspace.keys(pattern)];
  }

  async time(): Promise<[string, string]> {
    const ms = this.now();
    return [String(Math.floor(ms / 1000)), String((ms % 1000) * 1000)];
  }

  async eval(script: Arg, numKeys: Arg, ...args: Arg[]): Promise<unknown> {
    const twin = HUB_SCRIPTS.get(String(script));
    if (!twin) throw unsupported('this script (only the hub’s own scripts run here)');
    const n = Number(numKeys);
    const strings = args.map(String);
    return twin(this.keyspace, strings.slice(0, n), strings.slice(n), this.now());
  }

  /** The store outlives its clients: `hub up` hands the same one to every part. */
  disconnect(): void {}

  quit(): Promise<'OK'> {
    return Promise.resolve('OK');
  }

  on(): this {
    return this;
  }

  once(): this {
    return this;
  }

  /** Stops the periodic sweep of expired keys (the process is ending). */
  close(): void {
    clearInterval(this.sweeper);
  }
}

const stores = new Map<string, InProcessRedis>();

/** One store per `memory://<name>` URL in this process, shared by every part that connects to it. */
export function inProcessRedis(url: string): Redis {
  let store = stores.get(url);
  if (!store) {
    store = new InProcessRedis();
    stores.set(url, store);
  }
  return store.asRedis();
}

export const isInProcessRedisUrl = (url: string) => url.startsWith('memory:');
