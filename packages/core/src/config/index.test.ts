import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseEnv, parseEnv, readWebhookSecrets } from './index.js';

function configError(run: () => unknown): { code?: string; details?: { problems?: string[] } } {
  try {
    run();
  } catch (err) {
    return err as { code?: string; details?: { problems?: string[] } };
  }
  throw new Error('expected parseEnv to throw');
}

describe('parseEnv', () => {
  it('fills every setting with its default from an empty environment', () => {
    expect(parseEnv(BaseEnv, {})).toEqual({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/hub',
      DATABASE_SCHEMA: 'hub',
      DATABASE_APP_ROLE: 'hub_app',
      DATABASE_POOL_MAX: 10,
      REDIS_URL: 'redis://127.0.0.1:6379',
      AWS_REGION: 'us-east-1',
      HUB_QUEUE_PREFIX: 'hub-',
      HUB_VISIBILITY_TIMEOUT_S: 30,
      HUB_MAX_RECEIVE_COUNT: 10,
      HUB_CONFIG_FILE: 'hub.config.yaml',
      LOG_LEVEL: 'info',
    });
  });

  it('leaves SQS_ENDPOINT unset when it is not given (hub up starts an emulator)', () => {
    expect(parseEnv(BaseEnv, {}).SQS_ENDPOINT).toBeUndefined();
  });

  it('coerces numeric settings from strings and keeps given values', () => {
    const config = parseEnv(BaseEnv, {
      DATABASE_POOL_MAX: '25',
      HUB_VISIBILITY_TIMEOUT_S: '120',
      DATABASE_SCHEMA: 't_abc',
      DATABASE_APP_ROLE: 'none',
      SQS_ENDPOINT: 'http://127.0.0.1:4566',
      LOG_LEVEL: 'silent',
    });
    expect(config).toMatchObject({
      DATABASE_POOL_MAX: 25,
      HUB_VISIBILITY_TIMEOUT_S: 120,
      DATABASE_SCHEMA: 't_abc',
      DATABASE_APP_ROLE: 'none',
      SQS_ENDPOINT: 'http://127.0.0.1:4566',
      LOG_LEVEL: 'silent',
    });
  });

  it('treats a variable set to the empty string as unset, so its default applies', () => {
    const config = parseEnv(BaseEnv, { SQS_ENDPOINT: '', DATABASE_SCHEMA: '', LOG_LEVEL: '' });
    expect(config.SQS_ENDPOINT).toBeUndefined();
    expect(config.DATABASE_SCHEMA).toBe('hub');
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('ignores variables it does not know', () => {
    expect(parseEnv(BaseEnv, { PATH: '/usr/bin', HOME: '/root' })).not.toHaveProperty('PATH');
  });

  it('reports every bad value at once with HUB_CONFIG_INVALID', () => {
    const err = configError(() =>
      parseEnv(BaseEnv, {
        DATABASE_URL: 'not a url',
        DATABASE_SCHEMA: 'Bad-Schema',
        DATABASE_POOL_MAX: '0',
        HUB_VISIBILITY_TIMEOUT_S: 'abc',
        LOG_LEVEL: 'verbose',
      }),
    );
    expect(err.code).toBe('HUB_CONFIG_INVALID');
    const problems = err.details?.problems ?? [];
    expect(problems).toHaveLength(5);
    for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'DATABASE_POOL_MAX', 'HUB_VISIBILITY_TIMEOUT_S', 'LOG_LEVEL']) {
      expect(problems.filter((p) => p.includes(name))).toHaveLength(1);
    }
  });

  it.each([
    ['DATABASE_POOL_MAX', '201'],
    ['DATABASE_POOL_MAX', '2.5'],
    ['HUB_VISIBILITY_TIMEOUT_S', '43201'],
    ['HUB_MAX_RECEIVE_COUNT', '0'],
    ['HUB_QUEUE_PREFIX', 'has space'],
    ['DATABASE_APP_ROLE', 'Admin'],
    ['SQS_ENDPOINT', 'localhost'],
  ])('rejects %s=%j with HUB_CONFIG_INVALID', (name, value) => {
    const err = configError(() => parseEnv(BaseEnv, { [name]: value }));
    expect(err.code).toBe('HUB_CONFIG_INVALID');
    expect(err.details?.problems).toHaveLength(1);
  });

  it('works with an app schema that extends BaseEnv', () => {
    const AppEnv = BaseEnv.extend({ PORT: z.coerce.number().int().default(3000) });
    expect(parseEnv(AppEnv, { PORT: '8080' }).PORT).toBe(8080);
    expect(configError(() => parseEnv(AppEnv, { PORT: 'eighty' })).code).toBe('HUB_CONFIG_INVALID');
  });
});

describe('readWebhookSecrets', () => {
  const installed = [
    { id: 'stripe', secretEnvName: 'STRIPE_WEBHOOK_SECRET', webhook: { scheme: { name: 'stripe' as const } } },
    { id: 'github', secretEnvName: 'GITHUB_WEBHOOK_SECRET', webhook: { scheme: { name: 'github' as const } } },
    { id: 'shopify', secretEnvName: 'SHOPIFY_WEBHOOK_SECRET', webhook: { scheme: { name: 'shopify' as const } } },
    { id: 'resend', secretEnvName: 'RESEND_WEBHOOK_SECRET', webhook: { scheme: { name: 'standard-webhooks' as const } } },
  ];
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      readWebhookSecrets(env, installed);
    } catch (err) {
      expect((err as { code?: string }).code).toBe('HUB_CONFIG_INVALID');
      return (err as { details: { problems: string[] } }).details.problems;
    }
    throw new Error('expected HUB_CONFIG_INVALID');
  };

  it('keys the secrets by connector id', () => {
    const secrets = readWebhookSecrets({ STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef', GITHUB_WEBHOOK_SECRET: 'github-secret-0123' }, installed);
    expect([...secrets.entries()]).toEqual([
      ['stripe', ['whsec_0123456789abcdef']],
      ['github', ['github-secret-0123']],
    ]);
  });

  it('splits comma-separated secrets (rotation), trimming them and skipping empty ones', () => {
    const secrets = readWebhookSecrets({ SHOPIFY_WEBHOOK_SECRET: ' new-shopify-secret-1 ,, old-shopify-secret-2 ,' }, installed);
    expect(secrets.get('shopify')).toEqual(['new-shopify-secret-1', 'old-shopify-secret-2']);
  });

  it('leaves out a connector whose variable is unset, empty or only commas', () => {
    const secrets = readWebhookSecrets({ GITHUB_WEBHOOK_SECRET: '', SHOPIFY_WEBHOOK_SECRET: ' , ' }, installed);
    expect(secrets.size).toBe(0);
  });

  it('reads only the variable each connector names', () => {
    const secrets = readWebhookSecrets({ STRIPE_SECRET: 'x', stripe_webhook_secret: 'y' }, installed);
    expect(secrets.has('stripe')).toBe(false);
  });

  it('refuses an empty key after whsec_, naming the variable and never the value', () => {
    const problems = problemsOf({ STRIPE_WEBHOOK_SECRET: 'whsec_' });
    expect(problems).toEqual([expect.stringMatching(/^ {2}STRIPE_WEBHOOK_SECRET: nothing follows the whsec_ prefix/)]);
  });

  it('refuses a secret under 16 bytes of key material, every weak variable at once', () => {
    const problems = problemsOf({ STRIPE_WEBHOOK_SECRET: 'whsec_fifteen-bytes-x', GITHUB_WEBHOOK_SECRET: 'gh', SHOPIFY_WEBHOOK_SECRET: 'shopify-secret-new-0,short' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^ {2}STRIPE_WEBHOOK_SECRET: 15 bytes/);
    expect(problems[1]).toMatch(/^ {2}GITHUB_WEBHOOK_SECRET: 2 bytes/);
    expect(problems[2]).toMatch(/^ {2}SHOPIFY_WEBHOOK_SECRET \(secret 2 of 2\): 5 bytes/);
    expect(problems.join('\n')).not.toMatch(/fifteen|short/);
  });

  it('accepts exactly 16 bytes of key material after an optional whsec_ prefix', () => {
    expect(readWebhookSecrets({ STRIPE_WEBHOOK_SECRET: 'whsec_sixteen-bytes-xx', GITHUB_WEBHOOK_SECRET: 'sixteen-bytes-xx' }, installed).size).toBe(2);
  });

  it('counts the base64-decoded bytes of a Standard Webhooks secret', () => {
    // 20 base64 characters decode to 15 bytes: long enough as text, too short as a key.
    expect(problemsOf({ RESEND_WEBHOOK_SECRET: `whsec_${Buffer.alloc(15, 7).toString('base64')}` })).toEqual([expect.stringMatching(/RESEND_WEBHOOK_SECRET: 15 bytes of key material once base64-decoded/)]);
    expect(readWebhookSecrets({ RESEND_WEBHOOK_SECRET: `whsec_${Buffer.alloc(16, 7).toString('base64')}` }, installed).get('resend')).toHaveLength(1);
  });
});
