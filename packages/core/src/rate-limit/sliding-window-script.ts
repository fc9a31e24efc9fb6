/**
 * Atomic sliding-window log on a sorted set, timed by the Redis server's clock (replicas'
 * clocks may differ). KEYS[1] the window, KEYS[2] a block set from Retry-After;
 * ARGV: window ms, limit, a unique member, how long a permit may stay held (ms).
 * Returns { 1, 0 } when admitted, else { 0, wait ms }.
 *
 * An admitted permit is held (scored in the future, so it always counts) until `SETTLE_PERMIT_LUA`
 * scores it with the time its answer came back: the provider saw the call somewhere between
 * admission and answer, so counting it until answer + window covers every provider window it
 * can fall in, however long the request waited in the caller's event loop. A caller that dies
 * holding a permit loses it after the hold.
 */
export const SLIDING_WINDOW_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return { 0, blocked } end
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local hold = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + hold, ARGV[3])
  if redis.call('PTTL', KEYS[1]) < window + hold then redis.call('PEXPIRE', KEYS[1], window + hold) end
  return { 1, 0 }
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
-- Every permit still held: the earliest a slot frees is a window after an answer not yet back.
if oldest > now then return { 0, window + 1 } end
return { 0, oldest + window - now + 1 }
`;

/** KEYS[1] the window; ARGV: the permit, window ms. The answer is back: the permit counts from now for one window. */
export const SETTLE_PERMIT_LUA = `
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 1
`;
