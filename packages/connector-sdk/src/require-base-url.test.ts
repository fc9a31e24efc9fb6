import { describe, expect, it } from 'vitest';
import type { ActionContext } from './define-connector.js';
import { requireBaseUrl } from './require-base-url.js';

const ctx = (baseUrl?: string): ActionContext => ({ idempotencyKey: 'k', http: { request: () => Promise.reject(new Error('not called')) }, ...(baseUrl === undefined ? {} : { baseUrl }) });

describe('requireBaseUrl', () => {
  it('returns the base URL without trailing slashes', () => {
    expect(requireBaseUrl(ctx('https://api.stripe.com/'), 'stripe', 'create_refund')).toBe('https://api.stripe.com');
  });

  it('throws HUB_CONNECTOR_BASE_URL_MISSING naming the connector variable when the hub gave none', () => {
    for (const missing of [undefined, '']) {
      expect(() => requireBaseUrl(ctx(missing), 'my-crm', 'create')).toThrow(expect.objectContaining({ code: 'HUB_CONNECTOR_BASE_URL_MISSING', message: expect.stringContaining('MY_CRM_BASE_URL') }));
    }
  });
});
