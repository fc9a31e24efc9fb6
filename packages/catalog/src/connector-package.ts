import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { hubError } from '@hub/core/errors';

/**
 * The `hub` field of a package.json marks the package as a connector and names its entry:
 * a connector.yaml declaration or a JavaScript module whose default export is a Connector.
 */
export const HubPackageField = z.object({
  connector: z.string().regex(/^\.\//, 'a path relative to the package, starting with ./'),
});

export const ConnectorPackageJson = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  hub: HubPackageField,
});
export type ConnectorPackageJson = z.infer<typeof ConnectorPackageJson>;

/** A package folder that declares itself a connector; `undefined` for any other package. */
export interface ConnectorPackage {
  dir: string;
  manifest: ConnectorPackageJson;
  /** Absolute path of the declaration or module named by `hub.connector`. */
  entry: string;
}

/** Reads `<dir>/package.json`; returns the package when its `hub` field marks it a connector. */
export async function readConnectorPackage(dir: string): Promise<ConnectorPackage | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || !('hub' in raw)) return undefined;
  const manifest = ConnectorPackageJson.safeParse(raw);
  if (!manifest.success) {
    throw hubError('HUB_CONNECTOR_PACKAGE_INVALID', `${join(dir, 'package.json')}: the "hub" field is invalid: ${z.prettifyError(manifest.error)}`);
  }
  return { dir, manifest: manifest.data, entry: join(dir, manifest.data.hub.connector) };
}
