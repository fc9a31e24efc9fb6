#!/usr/bin/env node
// The set-up both `npm start` and `npm test` run first, so a fresh clone needs nothing by hand:
// install dependencies when the lockfile is newer than node_modules, build (incremental),
// with --browser / --redis install Debian's chromium / redis-server for the tests when missing,
// and with --migrate create and migrate the database (`hub up` migrates by itself).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { buildConsoleWeb } from './build-console-web.mjs';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureRedisServer } from './ensure-redis-server.mjs';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) {
    console.error(`setup: \`${cmd} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs) {
  console.log('setup: installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

run('npx', ['tsc', '-b']);

// The console UI (Vite build, only when its sources changed).
if (!buildConsoleWeb()) process.exit(1);
// Test tools from Debian's packages. Without one the run goes on: the files that need it fail, saying how to install it.
if (process.argv.includes('--browser')) ensureChromium();
if (process.argv.includes('--redis')) ensureRedisServer();

if (process.argv.includes('--migrate')) {
  run(process.execPath, ['apps/cli/dist/main.js', 'migrate']);
}
