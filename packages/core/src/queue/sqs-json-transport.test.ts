import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { referenceSigner } from '../../../../test/support/reference-sqs-signer.js';
import { testQueuePrefix } from '../../../../test/support/test-database.js';
import { isQueueMissing } from './is-queue-missing.js';
import { createSqsClient } from './sqs-client.js';

const prefix = testQueuePrefix('jsontransport');
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

interface Seen {
  target: string;
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}

/**
 * An SQS endpoint as AWS's JSON protocol answers: `answer` decides each call's status and body.
 * It checks each request's signature the way AWS does: the SDK's own signer, given the same
 * request, date and keys, must produce the same authorization header.
 */
async function startSqsLike(answer: (target: string, input: Record<string, unknown>, call: number) => { status: number; body: unknown; headers?: Record<string, string>; notJson?: boolean }) {
  const seen: Seen[] = [];
  const reference = referenceSigner('us-east-1', { accessKeyId: 'local', secretAccessKey: 'local' });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString();
      const target = String(req.headers['x-amz-target'] ?? '').replace('AmazonSQS.', '');
      const amzDate = String(req.headers['x-amz-date']);
      const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
      const signedNames = /SignedHeaders=([^,]+)/.exec(String(req.headers.authorization))?.[1]?.split(';') ?? [];
      const signedHeaders = Object.fromEntries(signedNames.map((name) => [name, String(req.headers[name])]));
      const [hostname, port] = String(req.headers.host).split(':');
      const expected = await reference.sign({ method: 'POST', protocol: 'http:', hostname: hostname as string, port: Number(port), path: '/', query: {}, headers: signedHeaders, body }, { signingDate });
      seen.push({ target, headers: req.headers, body, signatureValid: signedNames.includes('x-amz-date') && expected.headers.authorization === req.headers.authorization });
      const out = answer(target, JSON.parse(body) as Record<string, unknown>, seen.length);
      res.writeHead(out.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${seen.length}`, ...(out.headers ?? {}) });
      res.end(out.notJson ? String(out.body) : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sqs = createSqsClient({ region: 'us-east-1', endpoint });
  return { sqs, seen, close: () => new Promise<void>((resolve) => { sqs.destroy(); server.close(() => resolve()); }) };
}

const entries = [
  { Id: '0', MessageBody: '{"eventId":"a"}' },
  { Id: '1', MessageBody: '{"eventId":"b"}' },
];
const sent = (input: Record<string, unknown>) => ({ Successful: (input.Entries as { Id: string; MessageBody: string }[]).map((e) => ({ Id: e.Id, MessageId: `m${e.Id}`, MD5OfMessageBody: md5(e.MessageBody) })), Failed: [] });

describe("the hub's SQS JSON transport (SendMessageBatch, ReceiveMessage, DeleteMessageBatch, SendMessage)", () => {
  it('sends signed JSON-protocol requests that the reference signer verifies, and returns the SDK output shape', async () => {
    const sim = await startSqsLike((target, input) => (target === 'SendMessageBatch' ? { status: 200, body: sent(input) } : { status: 200, body: {} }));
    try {
      const out = await sim.sqs.send(new SendMessageBatchCommand({ QueueUrl: 'http://queue/000000000000/q', Entries: entries }));
      expect(out.Successful?.map((s) => s.MessageId)).toEqual(['m0', 'm1']);
      expect(out.$metadata).toMatchObject({ httpStatusCode: 200, requestId: 'req-1', attempts: 1 });
      expect(sim.seen).toHaveLength(1);
      expect(sim.seen[0]).toMatchObject({ target: 'SendMessageBatch', signatureValid: true });
      expect(sim.seen[0]?.headers['content-type']).toBe('application/x-amz-json-1.0');
      expect(JSON.parse(sim.seen[0]?.body ?? '')).toEqual({ QueueUrl: 'http://queue/000000000000/q', Entries: entries });
    } finally {
      await sim.close();
    }
  });

  it("keeps the SDK's MD5 check: an answer whose MD5 does not match the body sent is refused", async () => {
    const sim = await startSqsLike((_target, input) => {
      const out = sent(input);
      (out.Successful[1] as { MD5OfMessageBody: string }).MD5OfMessageBody = md5('something else');
      return { status: 200, body: out };
    });
    try {
      await expect(sim.sqs.send(new SendMessageBatchCommand({ QueueUrl: 'http://queue/000000000000/q', Entries: entries }))).rejects.toThrow(/MD5/i);
    } finally {
      await sim.close();
    }
  });

  it('a resend (SendMessage) whose answer does not match its body is refused too', async () => {
    const sim = await startSqsLike(() => ({ status: 200, body: { MessageId: 'm', MD5OfMessageBody: md5('something else') } }));
    try {
      await expect(sim.sqs.send(new SendMessageCommand({ QueueUrl: 'http://queue/000000000000/q', MessageBody: 'resent', DelaySeconds: 5 }))).rejects.toThrow(/checksum/i);
      expect(sim.seen[0]).toMatchObject({ target: 'SendMessage', signatureValid: true });
      expect(sim.seen[0]?.headers['user-agent']).toBe('integration-hub sqs-json-transport');
    } finally {
      await sim.close();
    }
  });

  it("leaves a message with a binary attribute to the SDK's chain, which encodes it", async () => {
    const sim = await startSqsLike((_target, input) => ({ status: 200, body: { MessageId: 'm', MD5OfMessageBody: md5(String(input.MessageBody)) } }));
    try {
      await sim.sqs.send(new SendMessageCommand({ QueueUrl: 'http://queue/000000000000/q', MessageBody: 'b', MessageAttributes: { Blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) } } }));
      expect(sim.seen[0]?.headers['user-agent']).toMatch(/^aws-sdk-js/);
      expect(JSON.parse(sim.seen[0]?.body ?? '')).toMatchObject({ MessageAttributes: { Blob: { BinaryValue: Buffer.from([1, 2, 3]).toString('base64') } } });
    } finally {
      await sim.close();
    }
  });

  it('a received message whose body does not match its MD5 is refused', async () => {
    const sim = await startSqsLike(() => ({ status: 200, body: { Messages: [{ MessageId: 'm', ReceiptHandle: 'r', Body: 'tampered', MD5OfBody: md5('original') }] } }));
    try {
      await expect(sim.sqs.send(new ReceiveMessageCommand({ QueueUrl: 'http://queue/000000000000/q', WaitTimeSeconds: 0 }))).rejects.toThrow(/MD5/i);
    } finally {
      await sim.close();
    }
  });

  it("retries a server error (here a proxy's page that is not JSON) and a throttling answer up to maxAttempts (3), then answers", async () => {
    const sim = await startSqsLike((_target, input, call) =>
      call === 1 ? { status: 502, body: '<html>Bad Gateway</html>', notJson: true } : call === 2 ? { status: 400, body: { __type: 'com.amazonaws.sqs#RequestThrottled', message: 'slow down' } } : { status: 200, body: { Successful: (input.Entries as { Id: string }[]).map((e) => ({ Id: e.Id })), Failed: [] } },
    );
    try {
      const out = await sim.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: 'http://queue/000000000000/q', Entries: [{ Id: '0', ReceiptHandle: 'r0' }] }));
      expect(sim.seen).toHaveLength(3);
      expect(out.$metadata.attempts).toBe(3);
    } finally {
      await sim.close();
    }
  });

  it('a missing queue fails at once as the SDK names it (no retry), and isQueueMissing knows it', async () => {
    const sim = await startSqsLike(() => ({
      status: 400,
      body: { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' },
      headers: { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' },
    }));
    try {
      const err = await sim.sqs.send(new SendMessageBatchCommand({ QueueUrl: 'http://queue/000000000000/gone', Entries: entries })).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'QueueDoesNotExist', Code: 'AWS.SimpleQueueService.NonExistentQueue', $fault: 'client', message: 'The specified queue does not exist.' });
      expect(isQueueMissing(err)).toBe(true);
      expect(sim.seen).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });

  it('returns a received binary attribute as bytes, as the SDK does', async () => {
    const sim = await startSqsLike(() => ({ status: 200, body: { Messages: [{ MessageId: 'm', ReceiptHandle: 'r', Body: 'b', MD5OfBody: md5('b'), MessageAttributes: { Blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]).toString('base64') } } }] } }));
    try {
      const out = await sim.sqs.send(new ReceiveMessageCommand({ QueueUrl: 'http://queue/000000000000/q', MessageAttributeNames: ['All'] }));
      expect(out.Messages?.[0]?.MessageAttributes?.Blob?.BinaryValue).toEqual(new Uint8Array([1, 2, 3]));
    } finally {
      await sim.close();
    }
  });
});

describe("the hub's SQS JSON transport against the SQS emulator", () => {
  let sqs: SQSClient;
  let queueUrl: string;
  beforeAll(async () => {
    sqs = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}round-trip` }))).QueueUrl as string;
  });
  afterAll(async () => {
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => undefined);
    sqs.destroy();
  });

  it("carries a message round trip and a resend without the SDK's request handler (which still sends every other command)", async () => {
    const handle = vi.spyOn(sqs.config.requestHandler as { handle: (...args: unknown[]) => unknown }, 'handle');
    try {
      const batch = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: '0', MessageBody: 'hello', MessageAttributes: { HubNotBefore: { DataType: 'Number', StringValue: '42' } } }] }));
      expect(batch.Successful).toHaveLength(1);
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['ApproximateReceiveCount'], MessageAttributeNames: ['HubNotBefore'] }));
      const message = received.Messages?.[0];
      expect(message).toMatchObject({ Body: 'hello', Attributes: { ApproximateReceiveCount: '1' }, MessageAttributes: { HubNotBefore: { StringValue: '42' } } });
      const deleted = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: '0', ReceiptHandle: message?.ReceiptHandle as string }] }));
      expect(deleted.Successful).toHaveLength(1);
      const resent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'again', DelaySeconds: 1, MessageAttributes: { HubNotBefore: { DataType: 'Number', StringValue: '43' } } }));
      expect(resent.MessageId).toBeTruthy();
      expect(handle).not.toHaveBeenCalled();
      await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}round-trip` }));
      expect(handle).toHaveBeenCalledTimes(1);
    } finally {
      handle.mockRestore();
    }
  });
});
