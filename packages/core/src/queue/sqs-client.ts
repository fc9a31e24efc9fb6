import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface SqsClientOptions {
  region: string;
  /** A local emulator or another SQS-compatible endpoint; AWS's own when unset. */
  endpoint?: string | undefined;
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
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: 3_000,
      requestTimeout: 30_000,
    }),
  });
}
