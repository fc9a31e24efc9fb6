import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, installed by `npm test`'s set-up (scripts/ensure-chromium.mjs) when missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Without the background-networking flags chromium keeps dialling Google's hosts, which a closed
// network refuses many times a second. Playwright gives each launch a new empty profile itself.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless chromium as the browser tests use it; without it, the file fails saying how to install it. */
export function launchTestBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    return Promise.reject(new Error(`${CHROMIUM_PATH} is missing: npm test installs Debian's chromium as root; as another user: sudo apt-get install -y chromium`));
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}
