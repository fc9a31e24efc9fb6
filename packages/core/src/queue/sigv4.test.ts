import { describe, expect, it } from 'vitest';
import { referenceSigner } from '../../../../test/support/reference-sqs-signer.js';
import { PostSigner } from './sigv4.js';

async function referenceHeaders(host: string, headers: Record<string, string>, body: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region: string, at: Date) {
  const signer = referenceSigner(region, credentials);
  const [hostname, port] = host.split(':');
  const signed = await signer.sign({ method: 'POST', protocol: 'https:', hostname: hostname as string, port: port ? Number(port) : undefined, path: '/', query: {}, headers: { ...headers, host }, body }, { signingDate: at });
  return signed.headers;
}

describe('PostSigner (SigV4 for SQS JSON calls)', () => {
  const body = JSON.stringify({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/hub-stripe', Entries: [{ Id: '0', MessageBody: '{"eventId":"0193a1b2-c3d4-7e5f-8a9b-000000000001"}' }] });
  const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessageBatch' };
  const at = new Date('2026-12-07T03:04:05.678Z');

  it('signs as the SDK signer does: long-term keys', async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
    const ours = new PostSigner('sqs').sign({ host: 'sqs.eu-west-1.amazonaws.com', headers, body }, credentials, 'eu-west-1', at).headers;
    const reference = await referenceHeaders('sqs.eu-west-1.amazonaws.com', headers, body, credentials, 'eu-west-1', at);
    expect(ours.authorization).toBe(reference.authorization);
    expect(ours['x-amz-date']).toBe('20261207T030405Z');
  });

  it('signs as the SDK signer does: a role session token, a host with a port, a day later with another secret (no stale signing key)', async () => {
    const signer = new PostSigner('sqs');
    const first = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret-one', sessionToken: 'token/with+chars==' };
    const second = { accessKeyId: 'ASIAEXAMPLE2', secretAccessKey: 'secret-two', sessionToken: 'another-token' };
    for (const [credentials, when] of [
      [first, at],
      [second, at],
      [second, new Date('2026-12-08T00:00:01Z')],
    ] as const) {
      const ours = signer.sign({ host: '127.0.0.1:4566', headers, body }, credentials, 'us-east-1', when).headers;
      const reference = await referenceHeaders('127.0.0.1:4566', headers, body, credentials, 'us-east-1', when);
      expect(ours['x-amz-security-token']).toBe(credentials.sessionToken);
      expect(ours.authorization).toBe(reference.authorization);
    }
  });

  it('a changed body changes the signature (the payload is signed)', () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
    const signer = new PostSigner('sqs');
    const a = signer.sign({ host: 'h', headers, body }, credentials, 'us-east-1', at).headers.authorization;
    const b = signer.sign({ host: 'h', headers, body: body.replace('000000000001', '000000000002') }, credentials, 'us-east-1', at).headers.authorization;
    expect(a).not.toBe(b);
  });
});
