// Isolation: connector B (stripe) keeps its latency while connector A (github) is slow then failing.
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import { startLatencySink } from './downstream.mjs';
import { startTag } from './signed-webhooks.mjs';
import { drive } from './load.mjs';

export { GITHUB_SECRET } from './signed-webhooks.mjs';

/** A's downstream: healthy (200 at once) or failing (holds each call `holdMs`, then 500). */
export async function startSwitchableProvider(port) {
  const state = { failing: false, holdMs: 10_000, calls: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.calls += 1;
      if (!state.failing) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      const timer = setTimeout(() => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"simulated"}'), state.holdMs);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, state, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

export async function writeIsolationRoutes(file, sinkUrl, providerUrl) {
  await writeFile(
    file,
    [
      'routes:',
      '  - name: bench-b',
      '    on: { connector: stripe, event: payment_intent.succeeded }',
      '    action: { connector: http, name: post }',
      `    input: '{ "url": "${sinkUrl}/ledger", "body": { "payment": data.object.id, "event": $eventId, "sentAt": data.object.metadata.sentAt } }'`,
      '  - name: bench-a',
      '    on: { connector: github, event: push }',
      '    action: { connector: http, name: post }',
      `    input: '{ "url": "${providerUrl}/hook", "body": { "ref": ref } }'`,
      '',
    ].join('\n'),
  );
}

let round = 0;

/** One phase: B at `rateB`/s and A at `rateA`/s for `durationS`; returns B's end-to-end figures. */
export async function isolationPhase(ingressBase, sinkPort, { rateB, rateA, durationS }) {
  const sink = await startLatencySink(sinkPort);
  // B's webhooks of this round only: late ones of an earlier round (or the warm-up) are strays.
  sink.reset(startTag(`iso${(round += 1)}`));
  try {
    const [b] = await Promise.all([
      drive(`${ingressBase}/webhooks/stripe`, { rate: rateB, durationS, connector: 'stripe', connections: 20 }),
      drive(`${ingressBase}/webhooks/github`, { rate: rateA, durationS, connector: 'github', connections: 20 }),
    ]);
    const acked = b.accepted;
    const deadline = Date.now() + 60_000;
    while (sink.stats().delivered < acked && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    return { acked, ...sink.stats() };
  } finally {
    await sink.close();
  }
}
