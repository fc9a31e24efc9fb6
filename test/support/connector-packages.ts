import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

export interface ConnectorPackages {
  /** What HUB_CONNECTOR_PATHS takes: a folder holding one package per connector. */
  root: string;
  remove(): Promise<void>;
}

/** Declarative connector packages (a package.json with its `hub` field and a connector.yaml each), as a user would install them. */
export async function writeConnectorPackages(declarations: Record<string, Record<string, unknown>>): Promise<ConnectorPackages> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hub-connectors-'));
  for (const [id, declaration] of Object.entries(declarations)) {
    const dir = path.join(root, id);
    await mkdir(dir);
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: `hub-connector-${id}`, version: '0.1.0', type: 'module', hub: { connector: './connector.yaml' } }));
    await writeFile(path.join(dir, 'connector.yaml'), stringify({ id, version: '0.1.0', name: id, ...declaration }));
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
