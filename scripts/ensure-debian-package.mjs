// Debian packages the tests need (chromium, redis-server): installed by the set-up when missing,
// as root (which the CI machine and containers are). A test tool's own binary download cannot
// work on a locked-down build server; the distribution's package can.
import { spawnSync } from 'node:child_process';

function apt(args) {
  console.log(`setup: apt-get ${args.join(' ')}`);
  // RUNLEVEL=1: a package's service (redis-server's) is installed, not started: the tests start their own.
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' } });
  return result.status === 0;
}

/**
 * Installs `pkg` when `present()` is false and this is root; otherwise says how to install it.
 * Returns whether it is there afterwards.
 */
export function ensureDebianPackage({ pkg, present, why }) {
  if (present()) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`setup: ${pkg} is missing and this is not root, so ${why} will fail; install it with: sudo apt-get install -y ${pkg}`);
    return false;
  }
  console.log(`setup: ${pkg} is missing; installing Debian's package for ${why}`);
  // A fresh machine has no package lists yet; an install against stale lists 404s.
  if (!apt(['install', '-y', '--no-install-recommends', pkg])) {
    if (!apt(['update'])) return false;
    if (!apt(['install', '-y', '--no-install-recommends', pkg])) return false;
  }
  return present();
}
