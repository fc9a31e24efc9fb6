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
  const agentOptions = { keepAlive: true, maxSockets: 64 };
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
