import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration, type Connector } from '@hub/connector-sdk';
import github from '@hub/connector-github';
import http from '@hub/connector-http';
import shopify from '@hub/connector-shopify';
import stripe from '@hub/connector-stripe';

/** The repository's TypeScript connectors, imported directly: tests name the ones they use instead of discovering them. */
export const connectors = { stripe, github, shopify, http } as const;

/** A connector of the repository declared in connector.yaml only (slack, zendesk, …), loaded from its file. */
export async function yamlConnector(id: string): Promise<Connector> {
  return loadConnectorDeclaration(fileURLToPath(new URL(`../../connectors/${id}/connector.yaml`, import.meta.url)));
}
