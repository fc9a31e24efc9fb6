import { redactText } from './redact-text.js';
import { redactUrl } from './redact-url.js';
import { isSecretName, REDACTED } from './secret-name.js';

const MAX_DEPTH = 12;
const MAX_NODES = 10_000;

interface Walk {
  /** The objects on the path from the root to the node being visited: a cycle leads back to one of them. */
  ancestors: object[];
  nodes: number;
}

/**
 * `out[key] = value` with a key named `__proto__` (JSON.parse makes it an own property) would set
 * the copy's prototype instead: the key would vanish from the copy and its value sit behind every
 * lookup on it. Defined as an own property, it is copied like any other key.
 */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

const isPlainObject = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

function serializeError(err: Error, depth: number, walk: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name || err.constructor.name, message: redactText(err.message) };
  if (err.stack) out.stack = redactText(err.stack);
  for (const [key, value] of Object.entries(err)) {
    if (key === 'message' || key === 'stack') continue;
    setOwn(out, key, isSecretName(key) ? REDACTED : visit(value, depth + 1, walk));
  }
  // `cause` and AggregateError's `errors` are not enumerable.
  if (err.cause !== undefined) out.cause = visit(err.cause, depth + 1, walk);
  if (err instanceof AggregateError) out.errors = visit(err.errors, depth + 1, walk);
  return out;
}

function visit(value: unknown, depth: number, walk: Walk): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  // One ancestor per level (MAX_DEPTH bounds the levels, MAX_NODES any toJSON chain): a scan of
  // them is cheaper than a WeakSet entry made and dropped per object (every event's data passes
  // here), and leaves the garbage collector no entries to clear.
  if (walk.ancestors.includes(value)) return '[circular]';
  walk.nodes += 1;
  if (depth > MAX_DEPTH || walk.nodes > MAX_NODES) return '[truncated]';
  walk.ancestors.push(value);
  try {
    if (value instanceof Error) return serializeError(value, depth, walk);
    if (Array.isArray(value)) return value.map((v) => visit(v, depth + 1, walk));
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
    if (value instanceof URL) return redactUrl(value.href);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (!isPlainObject(value)) {
      // A class that says how it serialises (axios' headers): that; anything else (a socket, a
      // request with its raw head) is only named, since it is no data anyone reads in a log or an event.
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return visit(toJSON.call(value), depth, walk);
      return `[${value.constructor?.name ?? 'object'}]`;
    }
    const out: Record<string, unknown> = {};
    // Own enumerable keys, as Object.entries gives them, without an array per property (every event's data passes here).
    for (const key in value) {
      if (Object.hasOwn(value, key)) setOwn(out, key, isSecretName(key) ? REDACTED : visit((value as Record<string, unknown>)[key], depth + 1, walk));
    }
    return out;
  } finally {
    walk.ancestors.pop();
  }
}

/**
 * A copy of any value with its secrets masked, by structure rather than by a list of field names
 * alone: the value of every secret-named key at any depth; in every string, URLs (userinfo, query
 * values), written-out credentials and token formats (redactText); Error objects serialised with
 * their message, stack, own fields, `cause` chain and AggregateError `errors`, each masked the same
 * way; class instances other than errors reduced to their JSON form or their name (an HTTP
 * client's request with the raw Authorization header never comes through). Depth and size are
 * bounded; cycles are cut.
 */
export function redactValue(value: unknown): unknown {
  return visit(value, 0, { ancestors: [], nodes: 0 });
}
