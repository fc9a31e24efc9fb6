#!/usr/bin/env node
// The set-up both `npm start` and `npm test` run first, so a fresh clone needs nothing by hand:
// install dependencies when the lockfile is newer than node_modules, build (incremental),
// and with --migrate create and migrate the database.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { buildConsoleWeb } from './build-console-web.mjs';
import { ensureChromium } from './ensure-chromium.mjs';

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

// The console UI (Vite build, only when its sources changed) and, for the browser tests, Debian's chromium.
if (!buildConsoleWeb()) process.exit(1);
if (process.argv.includes('--browser') && !ensureChromium()) process.exit(1);

if (process.argv.includes('--migrate')) {
  run(process.execPath, ['apps/cli/dist/main.js', 'migrate']);
}
