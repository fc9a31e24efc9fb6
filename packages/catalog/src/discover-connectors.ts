import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hubError } from '@hub/core/errors';
import { catalogOf, type ConnectorCatalog, type InstalledConnector } from './connector-catalog.js';
import { findConnectorPackages } from './find-connector-packages.js';
import { loadConnectorPackage } from './load-connector-package.js';

export interface DiscoverOptions {
  /**
   * node_modules folders (or single package folders) to search, in this order. Default: the
   * folders of HUB_CONNECTOR_PATHS, then the node_modules this hub is installed in (which holds
   * the workspace connectors as links).
   */
  searchPaths?: readonly string[];
  /** Connector ids to run; undefined runs every installed connector. */
  enabled?: readonly string[] | undefined;
}

/** The node_modules folder the hub itself was installed in: the nearest one above this file. */
export function hubNodeModules(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(join(candidate, '@hub'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Search paths from the environment: HUB_CONNECTOR_PATHS (path-delimited) before the hub's own node_modules. */
export function searchPathsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const extra = (env.HUB_CONNECTOR_PATHS ?? '').split(delimiter).filter(Boolean).map((p) => resolve(p));
  const own = hubNodeModules();
  return own ? [...extra, own] : extra;
}

/** HUB_CONNECTORS=stripe,github runs only those; unset or empty runs every installed connector. */
export function enabledFromEnv(env: Readonly<Record<string, string | undefined>>): string[] | undefined {
  const ids = (env.HUB_CONNECTORS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return ids.length > 0 ? ids : undefined;
}

/**
 * Finds the installed connector packages (a `hub` field in package.json), loads the enabled
 * ones, and refuses ambiguity: two packages with one id, or an enabled id nobody installed.
 * Adding a connector is `npm install` + configuration, never a change to hub code.
 */
export async function discoverConnectors(options: DiscoverOptions = {}): Promise<ConnectorCatalog> {
  const packages = await findConnectorPackages(options.searchPaths ?? searchPathsFromEnv(process.env));
  const installed: InstalledConnector[] = [];
  const seenNames = new Set<string>();
  for (const pkg of packages) {
    if (seenNames.has(pkg.manifest.name)) continue; // the same package reached through two search paths
    seenNames.add(pkg.manifest.name);
    const connector = await loadConnectorPackage(pkg);
    const clash = installed.find((i) => i.connector.id === connector.id);
    if (clash) {
      throw hubError('HUB_CONNECTOR_DUPLICATE', `connector "${connector.id}" is declared by both ${clash.package.manifest.name} (${clash.package.dir}) and ${pkg.manifest.name} (${pkg.dir})`);
    }
    installed.push({ connector, package: pkg });
  }
  const enabled = options.enabled;
  if (enabled === undefined) return catalogOf(installed);
  const ids = installed.map((i) => i.connector.id);
  const missing = enabled.filter((id) => !ids.includes(id));
  if (missing.length > 0) {
    throw hubError('HUB_CONNECTOR_UNKNOWN', `HUB_CONNECTORS names ${missing.join(', ')}, which no installed package declares; installed: ${ids.join(', ') || 'none'} (install the package, or add its folder to HUB_CONNECTOR_PATHS)`);
  }
  return catalogOf(installed.filter((i) => enabled.includes(i.connector.id)));
}
