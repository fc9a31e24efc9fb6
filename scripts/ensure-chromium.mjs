#!/usr/bin/env node
// The browser tests drive Debian's chromium through playwright-core (test/support/browser.ts).
import { existsSync } from 'node:fs';
import { ensureDebianPackage } from './ensure-debian-package.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Installs Debian's chromium when missing (as root); returns whether it is there afterwards. */
export function ensureChromium() {
  return ensureDebianPackage({ pkg: 'chromium', present: () => existsSync(CHROMIUM_PATH), why: 'the browser tests' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(ensureChromium() ? 0 : 1);
}
