import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { PostSigner } from './sigv4.js';

/**
 * The calls a worker and a relay make for every message (and, for a message that must wait, its
 * resend), sent by the hub's own transport (below); every other command goes through the SDK's
 * whole chain.
 */
const HOT_COMMANDS: Record<string, string> = {
  SendMessageBatchCommand: 'SendMessageBatch',
  ReceiveMessageCommand: 'ReceiveMessage',
  DeleteMessageBatchCommand: 'DeleteMessageBatch',
  SendMessageCommand: 'SendMessage',
};

export interface JsonTransportOptions {
  httpAgent: Agent;
  httpsAgent: HttpsAgent;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  /** The abort signal a call was sent with (sendAbortable), by its command's input. */
  signalOf(input: object): AbortSignal | undefined;
}

/** An error SQS answered with, shaped as the SDK shapes its service exceptions (name, Code, $fault, $metadata). */
class SqsServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId?: string | undefined };
  /** The query protocol's code (x-amzn-query-error), e.g. AWS.SimpleQueueService.NonExistentQueue. */
  readonly Code?: string | undefined;

  constructor(name: string, message: string, status: number, headers: IncomingHttpHeaders) {
    super(message);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, requestId: headerOf(headers, 'x-amzn-requestid') };
    const queryError = headerOf(headers, 'x-amzn-query-error');
    if (queryError) this.Code = queryError.split(';')[0];
  }
}

const THROTTLING = new Set(['ThrottlingException', 'RequestThrottled', 'TooManyRequestsException', 'RequestThrottledException', 'AWS.SimpleQueueService.RequestThrottled']);
const NETWORK_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Sends SendMessageBatch, ReceiveMessage, DeleteMessageBatch and SendMessage over SQS's JSON
 * protocol with a few lines of Node's http, as a middleware that answers in place of the rest of the SDK's chain
 * (serialize, endpoint, user agent, retry, sign, deserialize). That chain cost 0.4–0.9 ms of CPU
 * per call once warm, 2–4 times this one (docs/benchmarks.md, fourteenth increment), and a
 * worker and its relay make ~0.3 such calls per event. Kept from the SDK: the client's
 * credentials provider, region, endpoint, maxAttempts and clock offset, its MD5 checks of the
 * bodies (initialize-step middlewares of the commands, around this one), and its output shapes.
 * Runs last in the initialize step, so middlewares added there (tests do) still see every call.
 */
export function addJsonTransport(client: SQSClient, options: JsonTransportOptions): void {
  const signer = new PostSigner('sqs');
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = HOT_COMMANDS[context.commandName ?? ''];
      if (!operation) return next(args);
      const input = args.input as Record<string, unknown>;
      const endpoint = await endpointOf(client, input);
      if (!endpoint || carriesBinary(input)) return next(args);
      const body = JSON.stringify(input);
      const maxAttempts = await client.config.maxAttempts();
      for (let attempt = 1; ; attempt += 1) {
        const signal = options.signalOf(input);
        try {
          const credentials = await client.config.credentials();
          const now = new Date(Date.now() + (client.config.systemClockOffset ?? 0));
          // Query mode as the SDK asks for it: SQS then names its errors with their query-protocol code too.
          const { headers } = signer.sign({ host: endpoint.host, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}`, 'x-amzn-query-mode': 'true' }, body }, credentials, await client.config.region(), now);
          const answer = await post(endpoint, headers, body, signal, options);
          const output = parseAnswer(answer);
          if (answer.status !== 200) throw serviceError(answer.status, answer.headers, output);
          if (operation === 'ReceiveMessage') decodeBinaryAttributes(output);
          const $metadata = { httpStatusCode: answer.status, requestId: headerOf(answer.headers, 'x-amzn-requestid'), attempts: attempt, totalRetryDelay: 0 };
          return { output: Object.assign({}, output, { $metadata }), response: undefined } as Awaited<ReturnType<typeof next>>;
        } catch (err) {
          if (attempt >= maxAttempts || signal?.aborted || !retryable(err)) throw err;
          // The SDK's standard mode: full jitter on 100 ms × 2^attempt.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20_000, 100 * 2 ** attempt)));
        }
      }
    },
    { step: 'initialize', priority: 'low', name: 'hubSqsJsonTransport' },
  );
}

interface Endpoint {
  secure: boolean;
  hostname: string;
  port: number | undefined;
  host: string;
}

/** A custom endpoint (an emulator) as configured, else the queue URL's own host (as the SDK's queue-URL middleware does); none when it has a path. */
async function endpointOf(client: SQSClient, input: Record<string, unknown>): Promise<Endpoint | undefined> {
  if (client.config.endpoint) {
    const e = await client.config.endpoint();
    if (e.path && e.path !== '/') return undefined;
    return { secure: e.protocol === 'https:', hostname: e.hostname, port: e.port, host: e.port ? `${e.hostname}:${e.port}` : e.hostname };
  }
  if (typeof input.QueueUrl !== 'string') return undefined;
  const url = new URL(input.QueueUrl);
  return { secure: url.protocol === 'https:', hostname: url.hostname, port: url.port ? Number(url.port) : undefined, host: url.host };
}

type WithAttributes = { MessageAttributes?: Record<string, { BinaryValue?: unknown }> };

/** Binary attribute values travel base64 in JSON: such calls take the SDK's path, which converts them. */
function carriesBinary(input: Record<string, unknown>): boolean {
  const messages = Array.isArray(input.Entries) ? (input.Entries as WithAttributes[]) : [input as WithAttributes];
  return messages.some((m) => Object.values(m.MessageAttributes ?? {}).some((a) => a.BinaryValue !== undefined));
}

/** As the SDK returns them: a received binary attribute as bytes, not its base64. */
function decodeBinaryAttributes(output: Record<string, unknown>): void {
  for (const message of (output.Messages ?? []) as WithAttributes[]) {
    for (const attribute of Object.values(message.MessageAttributes ?? {})) {
      if (typeof attribute.BinaryValue === 'string') attribute.BinaryValue = new Uint8Array(Buffer.from(attribute.BinaryValue, 'base64'));
    }
  }
}

/** The answer's JSON; an error page that is not JSON (a proxy's 502) is an error of its status, retried as such. */
function parseAnswer(answer: { status: number; headers: IncomingHttpHeaders; body: string }): Record<string, unknown> {
  if (answer.body.length === 0) return {};
  try {
    return JSON.parse(answer.body) as Record<string, unknown>;
  } catch (err) {
    if (answer.status !== 200) return { message: `SQS answered ${answer.status} with a body that is not JSON` };
    throw err;
  }
}

function serviceError(status: number, headers: IncomingHttpHeaders, body: Record<string, unknown>): SqsServiceError {
  const type = String(body.__type ?? headerOf(headers, 'x-amzn-errortype') ?? `HTTP ${status}`);
  const name = type.split('#').pop()?.split(':')[0] ?? type;
  const message = String(body.message ?? body.Message ?? `SQS answered ${status}`);
  return new SqsServiceError(name, message, status, headers);
}

function retryable(err: unknown): boolean {
  if (err instanceof SqsServiceError) return err.$fault === 'server' || err.$metadata.httpStatusCode === 429 || THROTTLING.has(err.name) || THROTTLING.has(err.Code ?? '');
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && NETWORK_ERRORS.has(code);
}

function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function post(endpoint: Endpoint, headers: Record<string, string>, body: string, signal: AbortSignal | undefined, options: JsonTransportOptions): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = (endpoint.secure ? httpsRequest : httpRequest)(
      {
        hostname: endpoint.hostname,
        port: endpoint.port,
        method: 'POST',
        path: '/',
        headers: Object.assign({}, headers, { 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'integration-hub sqs-json-transport' }),
        agent: endpoint.secure ? options.httpsAgent : options.httpAgent,
        ...(signal ? { signal } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('error', reject);
    request.setTimeout(options.requestTimeoutMs, () => request.destroy(timeoutError(`SQS did not answer within ${options.requestTimeoutMs} ms`)));
    request.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => request.destroy(timeoutError(`could not connect to SQS within ${options.connectionTimeoutMs} ms`)), options.connectionTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    request.end(body);
  });
}

function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { name: 'TimeoutError', code: 'ETIMEDOUT' });
}
