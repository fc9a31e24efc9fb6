#!/usr/bin/env node
// The browser tests drive Debian's chromium through playwright-core: a test tool's own browser
// download cannot work on a locked-down build server, so the set-up installs the distribution's
// package when /usr/bin/chromium is missing (as root, which the CI machine and containers are).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

function apt(args) {
  console.log(`setup: apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** Installs Debian's chromium when missing; returns whether it is there afterwards. */
export function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`setup: ${CHROMIUM_PATH} is missing and this is not root; install it with: sudo apt-get install -y chromium`);
    return false;
  }
  console.log(`setup: ${CHROMIUM_PATH} is missing; installing Debian's chromium for the browser tests`);
  // A fresh machine has no package lists yet; an install against stale lists 404s.
  if (!apt(['install', '-y', '--no-install-recommends', 'chromium'])) {
    if (!apt(['update'])) return false;
    if (!apt(['install', '-y', '--no-install-recommends', 'chromium'])) return false;
  }
  return existsSync(CHROMIUM_PATH);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(ensureChromium() ? 0 : 1);
}
