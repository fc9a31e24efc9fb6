import { describe, expect, it } from 'vitest';
import { connectors, getConnector, isConnectorId, listConnectors } from './index.js';

describe('catalog', () => {
  it('keys every connector by its own id', () => {
    for (const [key, connector] of Object.entries(connectors)) expect(connector.id).toBe(key);
    expect(Object.keys(connectors).sort()).toEqual(['github', 'http', 'shopify', 'stripe']);
  });

  it('lists the four connectors in catalog order', () => {
    expect(listConnectors().map((c) => c.id)).toEqual(['stripe', 'github', 'shopify', 'http']);
  });

  it('gives each connector a distinct webhook secret variable', () => {
    const names = listConnectors().map((c) => c.secretEnvName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('finds a connector by id and nothing for an unknown or inherited name', () => {
    expect(getConnector('stripe')).toBe(connectors.stripe);
    expect(getConnector('paypal')).toBeUndefined();
    expect(getConnector('toString')).toBeUndefined();
    expect(isConnectorId('constructor')).toBe(false);
  });
});
