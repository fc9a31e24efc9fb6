#!/usr/bin/env node
// Builds the operations console UI (apps/console/web, React + Vite) into apps/console/web/dist,
// which the console app serves. Skipped when the build is newer than every source file, so
// `npm start` / `npm test` stay fast after the first run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const WEB = 'apps/console/web';
const OUTPUT = path.join(WEB, 'dist', 'index.html');
const SOURCES = [path.join(WEB, 'src'), path.join(WEB, 'index.html'), path.join(WEB, 'vite.config.ts'), 'apps/console/package.json', 'package-lock.json'];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

export function buildConsoleWeb({ force = false } = {}) {
  const built = existsSync(OUTPUT) ? statSync(OUTPUT).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map(newestMtime));
  if (!force && built > newest) return true;
  console.log(`setup: building the console UI (vite build ${WEB})`);
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', WEB, '--logLevel', 'warn'], { stdio: 'inherit' });
  return result.status === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(buildConsoleWeb({ force: process.argv.includes('--force') }) ? 0 : 1);
}
