import { AsyncLocalStorage } from 'node:async_hooks';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface SqsClientOptions {
  region: string;
  /** A local emulator or another SQS-compatible endpoint; AWS's own when unset. */
  endpoint?: string | undefined;
}

/** The abort signal of the sendAbortable call a request belongs to. */
const callSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * Aborts a request when the sendAbortable call it belongs to is aborted. The signal comes this way
 * rather than as `send`'s options because any options make the SDK rebuild the command's
 * middleware chain on every call (and drop the chains it cached for the others).
 */
class CallScopedAbortHandler extends NodeHttpHandler {
  override handle(request: Parameters<NodeHttpHandler['handle']>[0], options: Parameters<NodeHttpHandler['handle']>[1] = {}): ReturnType<NodeHttpHandler['handle']> {
    const abortSignal = options.abortSignal ?? callSignal.getStore();
    return super.handle(request, abortSignal ? { ...options, abortSignal } : options);
  }
}

export function createSqsClient({ region, endpoint }: SqsClientOptions): SQSClient {
  // Every poller holds a socket for its long poll (up to 20 s): `hub up` with 15 connectors at a
  // handler limit of 100 runs 150 of them, and at 64 sockets its own CreateQueue calls timed out
  // waiting for one and the start failed. Requests are bounded by the pollers and the batchers
  // (at most two sends or deletes in flight per queue), not by the agent.
  const agentOptions = { keepAlive: true, maxSockets: 1024 };
  return new SQSClient({
    region,
    ...(endpoint
      ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    // Each command class's middleware chain is built once, not on every call: 0.1–0.5 ms of CPU
    // per SendMessageBatch, less per receive or delete, on the 2-core machine (docs/benchmarks.md).
    // A middleware added to the client (tests do) must be added before its first call.
    cacheMiddleware: true,
    requestHandler: new CallScopedAbortHandler({
      httpAgent: new Agent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: 3_000,
      requestTimeout: 30_000,
    }),
  });
}

/**
 * Runs `send` (one `sqs.send(command, options)`) so that `signal` aborts its request: a long poll
 * at a consumer's stop, a slow queue cut off by the relay. On a client from createSqsClient the
 * signal travels with the call and `options` stays undefined, which keeps the cached middleware
 * chain; any other client gets it as `send`'s options.
 */
export function sendAbortable<Output>(signal: AbortSignal, sqs: SQSClient, send: (options?: { abortSignal: AbortSignal }) => Promise<Output>): Promise<Output> {
  if (sqs.config.requestHandler instanceof CallScopedAbortHandler) return callSignal.run(signal, () => send());
  return send({ abortSignal: signal });
}
