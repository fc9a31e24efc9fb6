import { describe, expect, it } from 'vitest';
import { defineConnector, type ConnectorDefinition } from '../define-connector.js';
import { findSecretLeaks, secretFieldsOf, type WriteLogs } from './find-secret-leaks.js';

const connector = (auth?: ConnectorDefinition['auth']) =>
  defineConnector({ id: 'acme', version: '0.1.0', name: 'Acme', events: {}, fixtures: {}, actions: {}, ...(auth ? { auth } : {}) });

/** A logger that redacts nothing. */
const plain: WriteLogs = (probes) => probes.map((p) => JSON.stringify({ ...p.bindings, ...p.record, msg: p.message })).join('\n');

/** A logger that redacts secret-named keys at the top level only, as a naive redaction list does. */
const shallow: WriteLogs = (probes) =>
  probes
    .map((p) => JSON.stringify(Object.fromEntries(Object.entries({ ...p.bindings, ...p.record }).map(([k, v]) => [k, /key|token|secret|password/i.test(k) ? '[redacted]' : v]))))
    .join('\n');

describe('findSecretLeaks', () => {
  it('names the credential fields of the declared auth method that are secrets', () => {
    expect(secretFieldsOf(connector({ type: 'basic' }))).toContain('password');
    expect(secretFieldsOf(connector({ type: 'basic' }))).not.toContain('username');
    expect(secretFieldsOf(connector({ type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://acme.test/token' }))).not.toContain('clientId');
  });

  it('finds every planted secret in the output of a logger that redacts nothing', async () => {
    const leaks = await findSecretLeaks(connector({ type: 'apiKey', in: 'header', name: 'X-Acme-Key' }), plain);
    expect(leaks).toContainEqual({ field: 'apiKey', position: 'record' });
    expect(leaks).toContainEqual({ field: 'clientSecret', position: 'bindings.credentials' });
    expect(leaks).toContainEqual({ field: 'x-acme-key', position: 'record.request.headers' });
  });

  it('finds the nested secrets a top-level-only redaction misses, and only those', async () => {
    const leaks = await findSecretLeaks(connector({ type: 'bearer' }), shallow);
    expect(leaks.some((l) => l.position === 'record')).toBe(false);
    expect(leaks).toContainEqual({ field: 'token', position: 'record.account.auth.credentials' });
    expect(leaks).toContainEqual({ field: 'authorization', position: 'record.request.headers' });
  });

  it('finds nothing in the output of a logger that writes no values', async () => {
    expect(await findSecretLeaks(connector({ type: 'hmac', header: 'X-Signature' }), (probes) => probes.map((p) => p.message).join('\n'))).toEqual([]);
  });
});
