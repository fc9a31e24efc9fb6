import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { MAX_SEARCH_CANDIDATES, insertSearchRows } from '@hub/core/event-explorer';
import { WebhookIngestor, serialiseReceivedData } from '@hub/core/event-store';
import { connectors } from './support/repo-connectors.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { settledOutcome } from './support/event-outcomes.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

// The events explorer's API on the real PostgreSQL: search (provider event ids and the fields a
// connector declares searchable, written by the worker), keyset pages while events arrive, and
// the CSV / NDJSON export. Stripe has a worker; shopify has none, so its webhooks stay queued.
const SECRET = 'whsec_console_explorer';
const TOKEN = 'console-explorer-token-0123456789';
let hub: TestHub;
let viewer: string;

interface Item {
  eventId: string;
  connector: string;
  account: string | null;
  eventType: string | null;
  providerEventId: string | null;
  status: string;
  receivedAt: string;
  updatedAt: string;
}
type Page = { events: Item[]; next: string | null };

const get = async (url: string, token = TOKEN) => hub.console.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
const list = async (query: Record<string, string>) => {
  const res = await get(`/api/events?${new URLSearchParams(query)}`);
  expect(res.statusCode).toBe(200);
  return res.json() as Page;
};
const found = async (q: string, extra: Record<string, string> = {}) => (await list({ q, ...extra })).events.map((e) => e.eventId);

/** A payment_intent.succeeded whose declared (receipt_email, customer) and undeclared (description) fields are its own. */
const fixture = connectors.stripe.fixtures['payment_intent.succeeded'] as { data: { object: Record<string, unknown> } };
const payment = (n: number) => ({
  data: { object: { ...fixture.data.object, id: `pi_explorer_${n}`, customer: `cus_Explorer${n}`, receipt_email: `ada.lovelace+${n}@analytical.example`, description: `Undeclared note${n}` } },
});

/** Shopify webhooks straight into the store (no worker: they stay queued), with provider ids and types as given. */
async function storeShopify(items: { providerEventId: string; eventType: string; account?: string }[]): Promise<string[]> {
  const ingestor = new WebhookIngestor(hub.resources.pool);
  const results = await Promise.all(
    items.map((item) => ingestor.ingest({ connector: 'shopify', account: item.account ?? null, providerEventId: item.providerEventId, dataJson: serialiseReceivedData(item.eventType, {}, '{"id": 1}') })),
  );
  return results.map((r) => r.eventId);
}

beforeAll(async () => {
  hub = await startTestHub({ label: 'explorer', secrets: { stripe: SECRET }, workerConnectors: ['stripe'], consoleToken: TOKEN });
  viewer = (await new ApiTokenStore(hub.resources.pool).create({ name: 'explorer-viewer', role: 'viewer', actor: 'test' })).token;
});
afterAll(async () => {
  await hub.stop();
});

describe('events explorer: search', () => {
  const ids: string[] = [];
  beforeAll(async () => {
    for (let n = 1; n <= 3; n += 1) ids.push(await postStripeEvent(hub.ingress, `evt_Explorer_${n}`, SECRET, payment(n)));
    for (const id of ids) expect((await settledOutcome(hub.db.admin, id)).status).toBe('processed');
  });

  it('finds a webhook by its provider event id, as typed and in any case', async () => {
    expect(await found('evt_Explorer_2')).toEqual([ids[1]]);
    expect(await found('EVT_explorer_2')).toEqual([ids[1]]);
  });

  it('finds a webhook by a declared searchable field, whole, by a word of it and by prefix', async () => {
    expect(await found('ada.lovelace+3@analytical.example')).toEqual([ids[2]]);
    expect(await found('cus_explorer1')).toEqual([ids[0]]);
    expect(await found('pi_explorer_2')).toEqual([ids[1]]);
    expect(await found('analytical.example')).toEqual([ids[2], ids[1], ids[0]]);
    expect(await found('cus_Explorer*')).toEqual([ids[2], ids[1], ids[0]]);
    expect(await found('analytical.example cus_Explorer2')).toEqual([ids[1]]);
  });

  it('does not find a webhook by a field its connector does not declare', async () => {
    expect(await found('note2')).toEqual([]);
    expect(await found('Undeclared')).toEqual([]);
  });

  it('combines a search with the other filters', async () => {
    expect(await found('analytical.example', { connector: 'stripe', status: 'processed', type: 'payment_intent.succeeded' })).toHaveLength(3);
    expect(await found('analytical.example', { status: 'queued' })).toEqual([]);
    expect(await found('analytical.example', { connector: 'shopify' })).toEqual([]);
    expect(await found('analytical.example', { to: new Date(Date.now() - 3_600_000).toISOString() })).toEqual([]);
    expect(await found('analytical.example', { from: new Date(Date.now() - 3_600_000).toISOString() })).toHaveLength(3);
    const paged = await list({ q: 'analytical.example', limit: '2' });
    expect(paged.events.map((e) => e.eventId)).toEqual([ids[2], ids[1]]);
    expect((await list({ q: 'analytical.example', limit: '2', before: paged.next as string })).events.map((e) => e.eventId)).toEqual([ids[0]]);
  });

  it('finds a webhook no worker has handled yet by its provider event id', async () => {
    const [queued] = await storeShopify([{ providerEventId: 'shopify-delivery-Queued-1', eventType: 'orders/create', account: 'shop-a.myshopify.com' }]);
    expect(await found('shopify-delivery-Queued-1')).toEqual([queued]);
    expect((await list({ account: 'shop-a.myshopify.com' })).events.map((e) => e.eventId)).toEqual([queued]);
  });
});

describe('events explorer: a word in very many webhooks', () => {
  it(`pages through more than ${MAX_SEARCH_CANDIDATES} matches by walking the list, exactly as the list orders them`, async () => {
    const many = await storeShopify(Array.from({ length: 2 * MAX_SEARCH_CANDIDATES + 200 }, (_, i) => ({ providerEventId: `common-${i}`, eventType: 'orders/paid', account: 'common-shop' })));
    // Every other one carries the common word; the rest only their own id.
    await insertSearchRows(
      hub.resources.pool,
      many.map((id, i) => ({ eventId: id, connector: 'shopify', account: 'common-shop', eventType: 'orders/paid', lexemes: i % 2 === 0 ? ['bulk-common', `c${i}`] : [`c${i}`] })),
    );
    const expected = many.filter((_, i) => i % 2 === 0).reverse();
    const seen: string[] = [];
    let page = await list({ q: 'bulk-common', limit: '200' });
    for (;;) {
      seen.push(...page.events.map((e) => e.eventId));
      if (!page.next) break;
      page = await list({ q: 'bulk-common', limit: '200', before: page.next });
    }
    expect(seen).toEqual(expected);
    // The same word with a word of one webhook narrows to it (few candidates again).
    expect(await found('bulk-common c10')).toEqual([many[10]]);
    expect(await found('bulk-common c11')).toEqual([]);
  });
});

describe('events explorer: keyset pages', () => {
  it('pages through every webhook once, in order, while new ones arrive', async () => {
    const before = await storeShopify(Array.from({ length: 23 }, (_, i) => ({ providerEventId: `keyset-${i}`, eventType: 'orders/paid', account: 'keyset-shop' })));
    const seen: string[] = [];
    let page = await list({ account: 'keyset-shop', limit: '5' });
    for (;;) {
      seen.push(...page.events.map((e) => e.eventId));
      // Newer webhooks arrive between every two pages: they belong above the first page, not in later ones.
      await storeShopify([{ providerEventId: `keyset-late-${seen.length}`, eventType: 'orders/paid', account: 'keyset-shop' }]);
      if (!page.next) break;
      page = await list({ account: 'keyset-shop', limit: '5', before: page.next });
    }
    expect(seen).toEqual([...before].sort().reverse());
    expect(new Set(seen).size).toBe(23);
  });
});

describe('events explorer: export', () => {
  const tricky = [
    { providerEventId: '=HYPERLINK("http://evil.example","click")', eventType: 'orders/create' },
    { providerEventId: '+cmd|" /C calc"!A0', eventType: 'orders/create,"quoted"' },
    { providerEventId: 'multi\nline, with "quotes"', eventType: '@SUM(A1:A9)' },
    { providerEventId: '-2+3', eventType: 'ünïcødé/type' },
  ];
  let stored: string[];
  beforeAll(async () => {
    stored = await storeShopify(tricky.map((t) => ({ ...t, account: 'export-shop' })));
  });

  it('exports the filtered list as CSV that a CSV parser reads back, formula cells defused', async () => {
    const res = await get('/api/events/export?format=csv&connector=shopify&account=export-shop');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="events-shopify-\d{8}T\d{6}Z\.csv"$/);
    const [header, ...rows] = parse(res.body) as string[][];
    expect(header).toEqual(['eventId', 'receivedAt', 'connector', 'account', 'eventType', 'providerEventId', 'status', 'updatedAt']);
    const listed = (await list({ connector: 'shopify', account: 'export-shop' })).events;
    expect(rows.map((r) => r[0])).toEqual(listed.map((e) => e.eventId));
    expect(rows.map((r) => r[0])).toEqual([...stored].reverse());
    const byId = new Map(rows.map((r) => [r[0], r]));
    const defuse = (v: string) => (/^[=+\-@]/.test(v) ? `'${v}` : v);
    tricky.forEach((t, i) => {
      const row = byId.get(stored[i] as string) as string[];
      expect(row[5]).toBe(defuse(t.providerEventId));
      expect(row[4]).toBe(defuse(t.eventType));
      expect(row.slice(2, 4)).toEqual(['shopify', 'export-shop']);
      expect(row[6]).toBe('queued');
    });
  });

  it('exports the same list as NDJSON, one parsable object per line', async () => {
    const res = await get('/api/events/export?format=ndjson&connector=shopify&account=export-shop');
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines.pop()).toBe('');
    const objects = lines.map((l) => JSON.parse(l) as Item);
    expect(objects).toEqual((await list({ connector: 'shopify', account: 'export-shop' })).events);
    expect(objects.map((o) => o.providerEventId)).toEqual(tricky.map((t) => t.providerEventId).reverse());
  });

  it('streams a list longer than one page, every row once, and stops at the limit', async () => {
    const many = await storeShopify(Array.from({ length: 1_234 }, (_, i) => ({ providerEventId: `bulk-${i}`, eventType: 'orders/paid', account: 'bulk-shop' })));
    const all = (await get('/api/events/export?format=ndjson&account=bulk-shop')).body.trim().split('\n').map((l) => (JSON.parse(l) as Item).eventId);
    expect(all).toEqual([...many].sort().reverse());
    const three = parse((await get('/api/events/export?format=csv&account=bulk-shop&limit=3')).body) as string[][];
    expect(three.slice(1).map((r) => r[0])).toEqual(all.slice(0, 3));
  });

  it('is a read: a viewer token may export, no token may not, and a bad format is refused', async () => {
    expect((await get('/api/events/export?format=csv&account=export-shop', viewer)).statusCode).toBe(200);
    expect((await hub.console.inject({ method: 'GET', url: '/api/events/export?format=csv' })).statusCode).toBe(401);
    const bad = await get('/api/events/export?format=xlsx');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('HUB_BAD_REQUEST');
  });
});
