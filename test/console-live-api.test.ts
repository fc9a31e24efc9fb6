import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

// The read endpoints the console UI adds (events explorer, statuses) and the live stream fed by
// LISTEN/NOTIFY (migration 0006). No worker: posted webhooks stay queued.
const SECRET = 'whsec_console_live';
const TOKEN = 'console-live-token-0123456789';
let hub: TestHub;
const ids: string[] = [];

const get = async <T>(url: string) => (await hub.console.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } })).json() as T;
type Page = { events: { eventId: string; status: string; eventType: string }[]; next: string | null };

beforeAll(async () => {
  hub = await startTestHub({ label: 'consolelive', secrets: { stripe: SECRET }, workerConnectors: [], consoleToken: TOKEN, relay: false });
  for (let i = 0; i < 5; i += 1) ids.push(await postStripeEvent(hub.ingress, `evt_live_${i}`, SECRET));
});
afterAll(async () => {
  await hub.stop();
});

describe('console read API and live stream', () => {
  it('lists webhooks newest first, page by page with a keyset cursor', async () => {
    const seen: string[] = [];
    let url = '/api/events?connector=stripe&limit=2';
    for (;;) {
      const page = await get<Page>(url);
      seen.push(...page.events.map((e) => e.eventId));
      if (!page.next) break;
      url = `/api/events?connector=stripe&limit=2&before=${page.next}`;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by status, provider event type and connector', async () => {
    expect((await get<Page>('/api/events?status=queued')).events).toHaveLength(5);
    expect((await get<Page>('/api/events?status=processed')).events).toHaveLength(0);
    expect((await get<Page>('/api/events?type=payment_intent.succeeded')).events).toHaveLength(5);
    expect((await get<Page>('/api/events?type=charge.refunded')).events).toHaveLength(0);
    expect((await get<Page>('/api/events?connector=github')).events).toHaveLength(0);
    expect((await get<Page>(`/api/events?from=${new Date(Date.now() + 60_000).toISOString()}`)).events).toHaveLength(0);
    const bad = await hub.console.inject({ method: 'GET', url: '/api/events?status=lost', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bad.statusCode).toBe(400);
  });

  it('answers the current status of many events at once', async () => {
    const res = await hub.console.inject({ method: 'POST', url: '/api/events/statuses', headers: { authorization: `Bearer ${TOKEN}` }, payload: { eventIds: ids } });
    expect(res.json().statuses).toEqual(Object.fromEntries(ids.map((id) => [id, 'queued'])));
  });

  it('announces a stored webhook on /api/stream with its ids only, and refuses the stream without the token', async () => {
    const base = await hub.console.listen({ port: 0, host: '127.0.0.1' });
    expect((await fetch(`${base}/api/stream`)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${base}/api/stream`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const readUntil = async (done: (t: string) => boolean) => {
      while (!done(text)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error('stream ended');
        text += chunk.value;
      }
    };
    await readUntil((t) => t.includes('event: ready'));
    const eventId = await postStripeEvent(hub.ingress, 'evt_live_streamed', SECRET);
    await readUntil((t) => t.includes(eventId));
    const frame = text.split('\n\n').find((f) => f.includes(eventId)) as string;
    expect(frame).toMatch(/^event: change$/m);
    const change = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] as string);
    // Ids only, never data; announcements are coalesced (100 ms), so webhooks stored just before may share the frame.
    expect(Object.keys(change).sort()).toEqual(['connectors', 'more', 'streams', 'types']);
    expect(change).toMatchObject({ connectors: ['stripe'], types: ['webhook.received'], more: false });
    expect(change.streams).toContain(eventId);
    expect(new Set([...(change.streams as string[])].filter((s) => s !== eventId && !ids.includes(s)))).toEqual(new Set());
    controller.abort();
  });

  it('serves the built UI without a token, and nothing outside its folder', async () => {
    const index = await hub.console.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.body).toContain('<div id="root">');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1] as string;
    const asset = await hub.console.inject({ method: 'GET', url: script });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await hub.console.inject({ method: 'GET', url: '/assets/..%2F..%2F..%2Fpackage.json' })).statusCode).toBe(404);
    expect((await hub.console.inject({ method: 'GET', url: '/api/nothing-here', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
  });
});
