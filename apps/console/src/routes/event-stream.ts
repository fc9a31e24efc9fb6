import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { EventNotifications } from '@hub/core/event-store';
import { ANONYMOUS_LOOPBACK, bearerToken, type ConsoleAuth } from '../auth/console-auth.js';

const KEEPALIVE_MS = 15_000;

/**
 * GET /api/stream — server-sent events: `ready` once listening, then one `change` per INSERT
 * statement on events ({ connectors, types, streams, more }: ids only; the page fetches what it shows).
 * A stream outlives the check at its start: its token is checked again at each keepalive, so a
 * revoked token stops receiving within KEEPALIVE_MS.
 */
export function registerEventStreamRoutes(app: FastifyInstance, notifications: EventNotifications, auth: ConsoleAuth): void {
  const open = new Set<ServerResponse>();

  const doc = {
    summary: 'server-sent events: one `change` per INSERT statement on events',
    description: '`ready` once listening, then `change` `{ connectors, types, streams, more }` (ids only: fetch what you show). A revoked token stops receiving within 15 s.',
    answer: 'an event stream',
    produces: 'text/event-stream' as const,
  };
  app.get('/api/stream', { config: { openapi: doc } }, async (request, reply) => {
    await notifications.ready();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    open.add(res);
    const unsubscribe = notifications.subscribe((change) => {
      res.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
    });
    const token = bearerToken(request.headers.authorization);
    const stillAllowed = async (): Promise<boolean> =>
      request.principal === ANONYMOUS_LOOPBACK ? auth.anonymousReadsAllowed() : token !== undefined && (await auth.principalFor(token)) !== undefined;
    const keepalive = setInterval(() => {
      stillAllowed().then(
        (allowed) => (allowed ? res.write(': keepalive\n\n') : res.end()),
        () => res.end(),
      );
    }, KEEPALIVE_MS);
    keepalive.unref();
    res.write('retry: 2000\nevent: ready\ndata: {}\n\n');
    request.raw.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
      open.delete(res);
    });
  });

  // A stream never ends by itself; without this the server's close would wait for every browser.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
    await notifications.close();
  });
}
