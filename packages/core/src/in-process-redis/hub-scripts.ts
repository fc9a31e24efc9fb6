import { LEASE_RELEASE_LUA, LEASE_RENEW_LUA } from '../redis-lease/redis-lease.js';
import { SETTLE_PERMIT_LUA, SLIDING_WINDOW_LUA } from '../rate-limit/sliding-window-script.js';
import type { MemoryKeyspace } from './memory-keyspace.js';

type ScriptTwin = (keyspace: MemoryKeyspace, keys: string[], argv: string[], nowMs: number) => unknown;

/**
 * The hub's Lua scripts, each with a twin in TypeScript that makes the same calls in the same
 * order on the in-process keyspace (the Lua source is the key, so a changed script has no twin
 * until one is written, and the store refuses it). test/in-process-redis-contract.test.ts runs
 * the callers over both redis-server and this store.
 */
export const HUB_SCRIPTS: ReadonlyMap<string, ScriptTwin> = new Map<string, ScriptTwin>([
  [
    SLIDING_WINDOW_LUA,
    (ks, [windowKey = '', blockKey = ''], [windowArg, limitArg, member = '', holdArg], now) => {
      const blocked = ks.pttl(blockKey);
      if (blocked > 0) return [0, blocked];
      const window = Number(windowArg);
      const limit = Number(limitArg);
      const hold = Number(holdArg);
      ks.zremrangebyscore(windowKey, '-inf', now - window);
      if (ks.zcard(windowKey) < limit) {
        ks.zadd(windowKey, now + hold, member);
        if (ks.pttl(windowKey) < window + hold) ks.pexpire(windowKey, window + hold);
        return [1, 0];
      }
      const oldest = ks.zfirst(windowKey)?.score ?? now;
      if (oldest > now) return [0, window + 1];
      return [0, oldest + window - now + 1];
    },
  ],
  [
    SETTLE_PERMIT_LUA,
    (ks, [windowKey = ''], [member = ''], now) => {
      if (ks.zscore(windowKey, member) === null) return 0;
      ks.zadd(windowKey, now, member, { xx: true });
      return 1;
    },
  ],
  [LEASE_RENEW_LUA, (ks, [key = ''], [token, ttlMs]) => (ks.get(key) === token ? ks.pexpire(key, Number(ttlMs)) : 0)],
  [LEASE_RELEASE_LUA, (ks, [key = ''], [token]) => (ks.get(key) === token ? ks.del([key]) : 0)],
]);
