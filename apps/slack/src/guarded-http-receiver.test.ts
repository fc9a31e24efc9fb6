import { createHmac } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpServerLimits } from '@hub/core/config';
import { testLogger } from '../../../test/support/silent-logger.js';
import { boltLogger } from './bolt-logger.js';
import { HttpServerDefaults } from './config.js';
import { GuardedHTTPReceiver } from './guarded-http-receiver.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const refusals: string[] = [];
const receiver = new GuardedHTTPReceiver(
  { signingSecret: SECRET, endpoints: '/slack/events', logger: boltLogger(testLogger) },
  { bodyLimit: 4096, limits: httpServerLimits(HttpServerDefaults), onRefused: (reason) => refusals.push(reason) },
);
let port: number;

function signed(body: string, timestamp: number) {
  return { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}` };
}

/** Raw HTTP over a socket: what comes back before the server closes it. */
function exchange(request: string, chunks: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(request);
      for (const chunk of chunks) socket.write(chunk);
    });
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, 5_000);
  });
}

beforeAll(async () => {
  const server = await receiver.start(0);
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await receiver.stop();
});

describe('GuardedHTTPReceiver', () => {
  it('answers a correctly signed url_verification (Bolt runs behind the guard)', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123' });
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signed(body, Math.floor(Date.now() / 1000)), body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });

  it('refuses a correctly signed request dated 310 s in the future (Bolt alone accepts it)', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-future' });
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signed(body, Math.floor(Date.now() / 1000) + 310), body });
    // 10 s past the 300 s tolerance: a loaded machine may take a second or more to answer, and the
    // guard compares with its own clock when the request arrives.
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('c-future');
    expect(refusals).toContain('future_timestamp');
  });

  it('refuses a declared Content-Length over the limit at once, and a chunked body when it passes the limit', async () => {
    const declared = await exchange(`POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`);
    expect(declared.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
    const chunked = await exchange('POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', Array.from({ length: 8 }, () => chunk('x'.repeat(1024))));
    expect(chunked.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('still answers an unknown path 404 without crashing', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/elsewhere`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/elsewhere`)).status).toBe(404);
  });
});
