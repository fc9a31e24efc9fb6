// What evaluating JSONata in the evaluator pool costs against evaluating it in process (as the hub
// did before), and what a looping expression does to the caller's event loop either way.
//   per evaluation: a route's input mapping over a Stripe payload, one at a time and 20 at a time
//                   (a worker's handlers), rounds interleaved (machine load drifts less between two
//                   rounds than between two runs), medians;
//   event loop:     the longest the caller's event loop stalls while `($f := function($x){ $f($x) }; $f(1))`
//                   runs to its 1 s timeout, in process and in the pool;
//                   and the hub's own compileJsonata, where this mapping is a projection (no jsonata);
//   starts:         the first evaluation (an evaluator starts), and the next one after a kill.
import { createRequire } from 'node:module';
import { compileJsonata, JsonataPool, DEFAULT_JSONATA_LIMITS } from '@hub/connector-sdk';
import stripe from '@hub/connector-stripe';

// The library itself, for the in-process baseline (the hub's code may only use compileJsonata).
const jsonata = createRequire(import.meta.resolve('@hub/connector-sdk'))('jsonata');

const SOURCE = '{ "url": "http://127.0.0.1:9/ledger", "body": { "payment": data.object.id, "amount": data.object.amount, "currency": data.object.currency, "hubEventId": $eventId } }';
const LOOP = '($f := function($x){ $f($x) }; $f(1))';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** µs per evaluation (wall clock), and µs of this process's CPU per evaluation: `count` evaluations, `parallel` at a time. */
async function timed(evaluate, count, parallel) {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let done = 0; done < count; done += parallel) await Promise.all(Array.from({ length: Math.min(parallel, count - done) }, evaluate));
  const used = process.cpuUsage(cpu);
  return { wall: Number(process.hrtime.bigint() - started) / 1000 / count, cpu: (used.user + used.system) / count };
}

/** The longest the caller's event loop went without running a 5 ms timer while `run` ran, in ms. */
async function loopStall(run) {
  let last = performance.now();
  let longest = 0;
  // A timer that must keep firing while the expression runs, as the worker's I/O must.
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  await run();
  await new Promise((resolve) => setTimeout(resolve, 20)); // the tick a stall delayed
  clearInterval(ticker);
  return longest;
}

export async function jsonataCostPhase({ print, rounds = Number(process.env.BENCH_JSONATA_ROUNDS ?? 9), count = Number(process.env.BENCH_JSONATA_COUNT ?? 2000) }) {
  const payload = stripe.fixtures['payment_intent.succeeded'];
  const bindings = { eventId: '0190f5a4-8c1e-7000-8000-000000000000', account: null, eventType: 'payment_intent.succeeded' };
  const limits = { ...DEFAULT_JSONATA_LIMITS, timeoutMs: 1_000 };
  const inProcess = jsonata(SOURCE, { timeout: limits.timeoutMs, stack: limits.maxDepth });
  const pool = new JsonataPool(limits);
  // What the hub runs: a route mapping like this one is a projection, evaluated without jsonata.
  const compiled = compileJsonata(SOURCE, pool);
  if (!compiled.ok) throw new Error(compiled.message);

  let started = process.hrtime.bigint();
  await pool.evaluate(SOURCE, payload, bindings);
  const firstMs = Number(process.hrtime.bigint() - started) / 1e6;

  const ways = {
    'in process, 1 at a time': () => timed(() => inProcess.evaluate(payload, { ...bindings }), count, 1),
    'pool, 1 at a time': () => timed(() => pool.evaluate(SOURCE, payload, bindings), count, 1),
    'in process, 20 at a time': () => timed(() => inProcess.evaluate(payload, { ...bindings }), count, 20),
    'pool, 20 at a time': () => timed(() => pool.evaluate(SOURCE, payload, bindings), count, 20),
    'compileJsonata, 1 by 1': () => timed(() => compiled.expression.evaluate(payload, { ...bindings }), count, 1),
  };
  for (const run of Object.values(ways)) await run(); // warm-up (JIT, evaluator caches)
  const results = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) for (const [name, run] of Object.entries(ways)) results[name].push(await run());
  print(`jsonata cost:    ${JSON.stringify(payload).length}-byte Stripe payload, route input mapping, ${count} evaluations x ${rounds} interleaved rounds, medians per evaluation:`);
  const wall = (name) => median(results[name].map((r) => r.wall));
  const cpu = (name) => median(results[name].map((r) => r.cpu));
  for (const name of Object.keys(ways)) print(`                 ${name.padEnd(26)} ${wall(name).toFixed(1)} µs wall, ${cpu(name).toFixed(1)} µs of the caller's CPU`);
  print(`                 the pool adds ${(wall('pool, 1 at a time') - wall('in process, 1 at a time')).toFixed(1)} µs one at a time, ${(wall('pool, 20 at a time') - wall('in process, 20 at a time')).toFixed(1)} µs 20 at a time; the caller's CPU per evaluation ${cpu('in process, 20 at a time').toFixed(1)} -> ${cpu('pool, 20 at a time').toFixed(1)} µs`);

  const stalledInProcess = await loopStall(() => jsonata(LOOP, { timeout: limits.timeoutMs, stack: limits.maxDepth }).evaluate({}).catch(() => undefined));
  const stalledPool = await loopStall(() => pool.evaluate(LOOP, {}).catch(() => undefined));
  print(`jsonata loop:    longest gap of the caller's 5 ms timer while ${LOOP} runs to its ${limits.timeoutMs} ms timeout: in process ${stalledInProcess.toFixed(0)} ms, in the pool ${stalledPool.toFixed(1)} ms`);

  // A step JSONata cannot interrupt: the evaluator is killed past the timeout, the next evaluation starts a new one.
  const single = new JsonataPool({ ...limits, processes: 1 });
  await single.evaluate(SOURCE, payload, bindings);
  await single.evaluate('$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a+)+$/)', {}).catch(() => undefined);
  started = process.hrtime.bigint();
  await single.evaluate(SOURCE, payload, bindings);
  const afterKillMs = Number(process.hrtime.bigint() - started) / 1e6;
  print(`jsonata starts:  first evaluation of a pool (an evaluator starts) ${firstMs.toFixed(0)} ms; the evaluation after a kill (a new evaluator starts) ${afterKillMs.toFixed(0)} ms`);
  await single.close();
  await pool.close();
}
