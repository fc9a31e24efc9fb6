import type { AddressInfo } from 'node:net';
import { buildApp } from 'fauxqs';
import { portInUse } from '@hub/core/errors';

export interface EmbeddedSqs {
  /** SQS_ENDPOINT for the hub: loopback HTTP. */
  endpoint: string;
  stop(): Promise<void>;
}

const EMBEDDED_SQS_HOST = '127.0.0.1';

/**
 * The SQS emulator (fauxqs) `hub up` embeds when SQS_ENDPOINT is unset, on loopback only.
 * fauxqs's own starter (`startFauxqs`) binds every interface whatever host it is given: on a
 * laptop, anyone on the same network could then list, read, delete or inject the hub's queue
 * messages (the emulator checks no signature).
 */
export async function startEmbeddedSqs(port: number): Promise<EmbeddedSqs> {
  // `host` names the queue URLs the emulator hands out, as startFauxqs passes it on.
  const app = buildApp({ logger: false, host: EMBEDDED_SQS_HOST });
  await app.listen({ port, host: EMBEDDED_SQS_HOST }).catch(async (err: unknown) => {
    await app.close();
    // 4566 is LocalStack's port too: the emulator the operator wants may be running already.
    return portInUse('HUB_SQS_EMULATOR_PORT', {
      zero: 'free',
      hint: `if an SQS emulator (LocalStack, fauxqs) is what holds it, set SQS_ENDPOINT=http://${EMBEDDED_SQS_HOST}:${port} to use that one`,
    })(err);
  });
  const { port: actualPort } = app.server.address() as AddressInfo;
  return { endpoint: `http://${EMBEDDED_SQS_HOST}:${actualPort}`, stop: () => app.close() };
}
