#!/usr/bin/env node
// Tests that need real Redis semantics across processes start redis-server of their own
// (test/support/private-redis.ts), and the run starts one when no Redis answers at 6379.
import { spawnSync } from 'node:child_process';
import { ensureDebianPackage } from './ensure-debian-package.mjs';

const present = () => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** Installs Debian's redis-server when missing (as root); returns whether it is there afterwards. */
export function ensureRedisServer() {
  return ensureDebianPackage({ pkg: 'redis-server', present, why: 'the tests that need Redis' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(ensureRedisServer() ? 0 : 1);
}
