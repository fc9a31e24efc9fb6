import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { NodeMd5 } from './node-md5.js';
import { addJsonTransport } from './sqs-json-transport.js';

export interface SqsClientOptions {
  region: string;
  /** A local emulator or another SQS-compatible endpoint; AWS's own when unset. */
  endpoint?: string | undefined;
}

// The abort signal of a sendAbortable call: by the command's input, then (a middleware just
// before the request handler) by the request sent for it, each attempt's own.
const signalsByInput = new WeakMap<object, AbortSignal>();
const signalsByRequest = new WeakMap<object, AbortSignal>();

/**
 * Aborts a request when the sendAbortable call it belongs to is aborted. The signal comes this way
 * rather than as `send`'s options because any options make the SDK rebuild the command's
 * middleware chain on every call (and drop the chains it cached for the others); and not through
 * an AsyncLocalStorage, which in Node 20 turns on promise hooks for every promise of the process
 * (3.4 % of a worker's CPU in their own frames alone: docs/benchmarks.md, sixth increment).
 */
class CallScopedAbortHandler extends NodeHttpHandler {
  override handle(request: Parameters<NodeHttpHandler['handle']>[0], options: Parameters<NodeHttpHandler['handle']>[1] = {}): ReturnType<NodeHttpHandler['handle']> {
    const abortSignal = options.abortSignal ?? signalsByRequest.get(request);
    return super.handle(request, abortSignal ? Object.assign({}, options, { abortSignal }) : options);
  }
}

export function createSqsClient({ region, endpoint }: SqsClientOptions): SQSClient {
  // Every poller holds a socket for its long poll (up to 20 s): `hub up` with 15 connectors at a
  // handler limit of 100 runs 150 of them, and at 64 sockets its own CreateQueue calls timed out
  // waiting for one and the start failed. Requests are bounded by the pollers and the batchers
  // (at most two sends or deletes in flight per queue), not by the agent.
  const agentOptions = { keepAlive: true, maxSockets: 1024 };
  const httpAgent = new Agent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);
  const timeouts = { connectionTimeout: 3_000, requestTimeout: 30_000 };
  const client = new SQSClient({
    region,
    ...(endpoint
      ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    // Each command class's middleware chain is built once, not on every call: 0.1–0.5 ms of CPU
    // per SendMessageBatch, less per receive or delete, on the 2-core machine (docs/benchmarks.md).
    // A middleware added to the client (tests do) must be added before its first call.
    cacheMiddleware: true,
    md5: NodeMd5,
    requestHandler: new CallScopedAbortHandler({ httpAgent, httpsAgent, ...timeouts }),
  });
  // Innermost of all (the last step, lowest priority): it sees the request the handler gets, after signing and per retry.
  client.middlewareStack.add(
    (next) => (args) => {
      const signal = signalsByInput.get(args.input as object);
      if (signal && typeof args.request === 'object' && args.request !== null) signalsByRequest.set(args.request, signal);
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'hubCallAbortSignal' },
  );
  addJsonTransport(client, { httpAgent, httpsAgent, connectionTimeoutMs: timeouts.connectionTimeout, requestTimeoutMs: timeouts.requestTimeout, signalOf: (input) => signalsByInput.get(input) });
  return client;
}

/**
 * Sends `command` (`send` is `sqs.send(command, options)`) so that `signal` aborts its request: a
 * long poll at a consumer's stop, a slow queue cut off by the relay. On a client from
 * createSqsClient the signal travels with the command's input and `options` stays undefined,
 * which keeps the cached middleware chain; any other client gets it as `send`'s options. On a
 * client from createSqsClient this is the way to abort a call: the hub's JSON transport, which
 * sends the per-message commands, never sees `send`'s options.
 */
export function sendAbortable<Output>(signal: AbortSignal, sqs: SQSClient, command: { input: object }, send: (options?: { abortSignal: AbortSignal }) => Promise<Output>): Promise<Output> {
  if (!(sqs.config.requestHandler instanceof CallScopedAbortHandler)) return send({ abortSignal: signal });
  signalsByInput.set(command.input, signal);
  return send();
}
