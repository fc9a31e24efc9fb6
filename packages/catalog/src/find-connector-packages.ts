import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readConnectorPackage, type ConnectorPackage } from './connector-package.js';

async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    // Workspace packages are symlinks in node_modules.
    return entries.filter((e) => e.isDirectory() || e.isSymbolicLink()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** The package folders of a node_modules folder: `name` and `@scope/name`. */
async function packageDirs(nodeModules: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const name of await subdirectories(nodeModules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      for (const inner of await subdirectories(join(nodeModules, name))) dirs.push(join(nodeModules, name, inner));
    } else {
      dirs.push(join(nodeModules, name));
    }
  }
  return dirs;
}

/**
 * Every connector package installed in these node_modules folders. A search path may also be
 * a single package folder (one with a package.json), which is how a connector under development
 * is tried without installing it.
 */
export async function findConnectorPackages(searchPaths: readonly string[]): Promise<ConnectorPackage[]> {
  const found: ConnectorPackage[] = [];
  for (const path of searchPaths) {
    const single = await readConnectorPackage(path);
    if (single) {
      found.push(single);
      continue;
    }
    const candidates = await packageDirs(path);
    const packages = await Promise.all(candidates.map((dir) => readConnectorPackage(dir)));
    for (const pkg of packages) if (pkg) found.push(pkg);
  }
  return found;
}
