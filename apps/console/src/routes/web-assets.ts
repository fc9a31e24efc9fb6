import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** The Vite build of apps/console/web (same depth from src/routes and dist/routes). */
export const WEB_ASSETS_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built console UI: index.html at / (the UI routes by URL hash) and the hashed files
 * under /assets, which never change under a name and so are cached for good.
 */
export function registerWebAssetRoutes(app: FastifyInstance, dir: string = WEB_ASSETS_DIR): void {
  const root = path.resolve(dir);
  app.get('/*', async (request, reply) => {
    const url = (request.params as { '*': string })['*'];
    if (url.startsWith('api/')) return reply.code(404).send({ error: { code: 'HUB_NOT_FOUND', message: `no route ${request.method} ${request.url}` } });
    const relative = url === '' ? 'index.html' : decodeURIComponent(url.split('?')[0] ?? '');
    const file = path.resolve(root, relative);
    // A resolved path outside the build folder (../) is refused, not served.
    if (!file.startsWith(root + path.sep) || !(await isFile(file))) {
      if (url === '' || url === 'index.html') {
        return reply.code(503).type('text/plain').send('The console UI is not built: run `npm run setup` (it runs the Vite build).');
      }
      return reply.code(404).type('text/plain').send('not found');
    }
    const immutable = relative.startsWith('assets/');
    return reply
      .type(CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(await readFile(file));
  });
}
