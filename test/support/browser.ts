import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, installed by `npm test`'s set-up (scripts/ensure-chromium.mjs) when missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Without the background-networking flags chromium keeps dialling Google's hosts, which a closed
// network refuses many times a second. Playwright gives each launch a new empty profile itself.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless chromium as the browser tests use it. */
export function launchTestBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}
