import { pathToFileURL } from 'node:url';
import { defineConnector, isHubError, loadConnectorDeclaration, type Connector, type ConnectorDefinition } from '@hub/connector-sdk';
import { hubError } from '@hub/core/errors';
import type { ConnectorPackage } from './connector-package.js';

function isDefinition(value: unknown): value is ConnectorDefinition {
  return typeof value === 'object' && value !== null && 'id' in value && 'events' in value;
}

async function loadEntry(pkg: ConnectorPackage): Promise<Connector> {
  if (/\.ya?ml$/.test(pkg.entry)) return loadConnectorDeclaration(pkg.entry);
  const mod = (await import(pathToFileURL(pkg.entry).href)) as { default?: unknown };
  if (!isDefinition(mod.default)) throw hubError('HUB_CONNECTOR_PACKAGE_INVALID', `${pkg.entry} has no default export made by defineConnector`);
  // Validated again here: a package built against another SDK version must still hold up.
  return defineConnector(mod.default);
}

/** Loads the connector a package declares; its declared version must be the package's version. */
export async function loadConnectorPackage(pkg: ConnectorPackage): Promise<Connector> {
  const where = `${pkg.manifest.name}@${pkg.manifest.version} (${pkg.dir})`;
  let connector: Connector;
  try {
    connector = await loadEntry(pkg);
  } catch (err) {
    // A declaration error already names file, line and field: keep its message whole.
    const detail = isHubError(err) ? err.message : (err as Error).message;
    throw hubError('HUB_CONNECTOR_PACKAGE_INVALID', `connector package ${where} cannot be loaded: ${detail}`, { cause: err });
  }
  if (connector.version !== pkg.manifest.version) {
    throw hubError('HUB_CONNECTOR_PACKAGE_INVALID', `connector package ${where} declares version ${connector.version}; a published connector's version is its package version`);
  }
  return connector;
}
