import { describe, expect, it } from 'vitest';
import { httpServerLimits } from '@hub/core/config';
import { loadConfig } from './config.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, {});
  } catch (err) {
    expect((err as { code?: string }).code).toBe('HUB_CONFIG_INVALID');
    return (err as { details: { problems: string[] } }).details.problems;
  }
  throw new Error('expected HUB_CONFIG_INVALID');
};

describe('ingress config', () => {
  it('limits slow clients and refused requests by default, trusting no proxy', () => {
    const config = loadConfig({}, {});
    expect(httpServerLimits(config)).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, maxHeaderSize: 16_384, connectionsCheckingInterval: 1_000 });
    expect(config).toMatchObject({ HUB_INGRESS_REFUSAL_LIMIT: 60, HUB_INGRESS_REFUSAL_WINDOW_S: 60, HUB_INGRESS_RATE_LIMIT_EXEMPT: [], HUB_INGRESS_TRUST_PROXY: false });
  });

  it('reads trusted proxies as a hop count or addresses / CIDR ranges, never "true"', () => {
    expect(loadConfig({ HUB_INGRESS_TRUST_PROXY: '1' }, {}).HUB_INGRESS_TRUST_PROXY).toBe(1);
    expect(loadConfig({ HUB_INGRESS_TRUST_PROXY: '10.0.0.0/8, 192.0.2.10' }, {}).HUB_INGRESS_TRUST_PROXY).toEqual(['10.0.0.0/8', '192.0.2.10']);
    expect(problems({ HUB_INGRESS_TRUST_PROXY: 'true' })).toEqual([expect.stringContaining('HUB_INGRESS_TRUST_PROXY')]);
  });

  it('refuses an exempt list that is not addresses or CIDR ranges', () => {
    expect(loadConfig({ HUB_INGRESS_RATE_LIMIT_EXEMPT: '192.30.252.0/22,2a0a:a440::/29' }, {}).HUB_INGRESS_RATE_LIMIT_EXEMPT).toHaveLength(2);
    expect(problems({ HUB_INGRESS_RATE_LIMIT_EXEMPT: 'github.com' })).toEqual([expect.stringContaining('HUB_INGRESS_RATE_LIMIT_EXEMPT')]);
  });

  it('never sets a headers timeout above the request timeout (node would refuse it)', () => {
    expect(httpServerLimits(loadConfig({ HUB_HTTP_HEADERS_TIMEOUT_MS: '20000', HUB_HTTP_REQUEST_TIMEOUT_MS: '2000' }, {}))).toMatchObject({ headersTimeout: 2_000, requestTimeout: 2_000, connectionsCheckingInterval: 500 });
  });
});
