import type { Connector } from '@hub/connector-sdk';
import { connectors } from './connectors.js';

/** All connectors, in catalog order. */
export function listConnectors(): readonly Connector[] {
  return Object.values(connectors);
}
