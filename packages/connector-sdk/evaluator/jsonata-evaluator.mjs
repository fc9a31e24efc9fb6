// @ts-check
// One JSONata evaluator process of the pool (src/jsonata/jsonata-pool.ts): one evaluation at a
// time, compiled expressions cached by source. A process, not a thread: a thread's heap cap can
// abort the whole hub process (nodejs/node#47224), a process's only itself. Plain JavaScript
// outside src/ so that the same file runs from the sources (tests) and from dist.
import { Worker } from 'node:worker_threads';
import jsonata from 'jsonata';
import { failureOf, jsonLengthAtLeast } from './evaluation-shared.mjs';

/** @type {{ timeoutMs: number; maxDepth: number; maxResultBytes: number; cacheSize: number }} */
const limits = JSON.parse(process.argv[2] ?? '{}');
/** @type {Map<string, ReturnType<typeof jsonata>>} */
const compiled = new Map();

/** @param {string} source */
function expressionFor(source) {
  let expression = compiled.get(source);
  if (expression) compiled.delete(source);
  // jsonata checks both limits at every evaluation step (D1011, D1012); the pool kills the process for the rest.
  else expression = jsonata(source, { timeout: limits.timeoutMs, stack: limits.maxDepth });
  compiled.set(source, expression); // most recently used last
  if (compiled.size > limits.cacheSize) compiled.delete(/** @type {string} */ (compiled.keys().next().value));
  return expression;
}

/** @param {unknown} value whether its JSON (what the caller gets back) is larger than allowed */
function tooLarge(value) {
  const max = limits.maxResultBytes;
  // UTF-16 units: a lower bound of the UTF-8 bytes.
  const atLeast = jsonLengthAtLeast([value], max);
  if (atLeast > max) return true;
  // Escapes take at most 6 bytes per UTF-16 unit: writing the JSON is needed only near the limit.
  if (atLeast * 6 <= max) return false;
  const json = JSON.stringify(value);
  return json !== undefined && Buffer.byteLength(json) > max;
}

/** @param {object} message */
const send = (message) => /** @type {NonNullable<typeof process.send>} */ (process.send)(message);

/** @param {{ id: number; source: string; input: unknown; bindings?: Record<string, unknown> }} job */
async function run(job) {
  let reply;
  try {
    const value = await expressionFor(job.source).evaluate(job.input, job.bindings);
    reply = tooLarge(value) ? { id: job.id, ok: false, kind: 'too_large' } : { id: job.id, ok: true, value };
  } catch (err) {
    reply = { id: job.id, ok: false, ...failureOf(err) };
  }
  send(reply);
}

// One evaluation at a time, in the order sent: the pool hands several at once and times the first
// unanswered one (JSONata's evaluate is asynchronous, so evaluations would otherwise interleave).
let running = Promise.resolve();
process.on('message', (/** @type {Parameters<typeof run>[0]} */ job) => {
  running = running.then(() => run(job));
});
// The hub process is gone (even killed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
// 'disconnect' needs this thread's event loop, which an evaluation JSONata cannot interrupt (a
// regular expression backtracking) holds for as long as it runs: a thread of its own ends the
// process once its parent is gone, whatever this thread is doing.
const watchdog = new Worker(
  `const { workerData } = require('node:worker_threads');
   setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, 1000);`,
  { eval: true, workerData: process.ppid },
);
watchdog.unref();
send({ ready: true });
