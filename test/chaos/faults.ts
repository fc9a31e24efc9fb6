import { DeleteQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '@hub/core/queue';
import { freePort } from '../support/hub-up.js';
import type { ChaosWorld } from './chaos-world.js';
import { sleep, waitSettled } from './settle.js';

/** One fault: it breaks something, waits, repairs it; what it checks on the way is reported. */
export interface Fault {
  name: string;
  /** The connector it is about; the others are the "healthy" ones whose latency must hold. */
  faulted?: string;
  run(world: ChaosWorld): Promise<Record<string, string | number> | void>;
}

/** kill -9 of a hub process `times` times, each restarted after `downMs`. */
export function killPart(part: string, times: number, downMs: number): Fault {
  // A worker of one connector (worker-<id>): the others are the healthy ones whose latency must hold.
  const faulted = part.startsWith('worker-') ? part.slice('worker-'.length) : undefined;
  return {
    name: `kill -9 ${part} ×${times}`,
    ...(faulted ? { faulted } : {}),
    async run(world) {
      for (let i = 0; i < times; i += 1) {
        await world.part(part).stop('SIGKILL');
        await sleep(downMs);
        await world.part(part).start();
        if (i < times - 1) await sleep(downMs);
      }
    },
  };
}

/** PostgreSQL crashes (immediate stop) for `downMs`: the ingress must answer 503 with Retry-After, never 2xx. */
export function postgresDown(downMs: number): Fault {
  return {
    name: `PostgreSQL down ${downMs / 1000} s`,
    async run(world) {
      const stoppedAt = Date.now();
      await world.postgres.stop('immediate');
      await sleep(downMs);
      const restartedAt = Date.now();
      await world.postgres.start();
      // Requests sent while it was surely down (a request already committing at the stop may pass).
      const during = world.load.sent.filter((s) => s.sentAt > stoppedAt + 500 && s.sentAt < restartedAt);
      return {
        'sent while down': during.length,
        '2xx while down': during.filter((s) => s.status >= 200 && s.status < 300).length,
        '503 while down': during.filter((s) => s.status === 503).length,
        '503 without Retry-After': during.filter((s) => s.status === 503 && !s.retryAfter).length,
      };
    },
  };
}

export function redisDown(downMs: number): Fault {
  return {
    name: `Redis down ${downMs / 1000} s`,
    async run(world) {
      await world.redis.stop();
      await sleep(downMs);
      await world.redis.start();
    },
  };
}

/** The SQS emulator is killed and comes back empty: queues, waiting and in-flight messages are gone. */
export function sqsRestartedEmpty(downMs: number): Fault {
  return {
    name: 'SQS emulator killed, back empty',
    async run(world) {
      await world.sqs.kill();
      await sleep(downMs);
      await world.sqs.start();
    },
  };
}

/** An operator deletes one connector's queue (its messages with it). */
export function queueDeleted(connector: string, observeMs: number): Fault {
  return {
    name: `queue of ${connector} deleted`,
    faulted: connector,
    async run(world) {
      const sqs = createSqsClient({ region: 'us-east-1', endpoint: world.sqs.url });
      try {
        const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `chaos-${connector}` }));
        await sqs.send(new DeleteQueueCommand({ QueueUrl }));
      } finally {
        sqs.destroy();
      }
      await sleep(observeMs);
    },
  };
}

/** One connector's provider hangs every request for `hangMs`, then answers 500 for `errorMs`, then recovers. */
export function providerDown(connector: string, hangMs: number, errorMs: number): Fault {
  return {
    name: `provider of ${connector} down (${hangMs / 1000} s hangs, ${errorMs / 1000} s 500s)`,
    faulted: connector,
    async run(world) {
      world.provider(connector).setMode({ kind: 'hang' });
      await sleep(hangMs);
      world.provider(connector).setMode({ kind: 'error', status: 500 });
      await sleep(errorMs);
      world.provider(connector).setMode({ kind: 'up' });
    },
  };
}

/**
 * The all-in-one `hub up` (with its embedded SQS emulator) stopped with Ctrl-C and started again
 * while events wait for their retries: the emulator, and the delayed messages in it, go with it.
 * The distributed parts hand over first (ingress stopped, the rest drained, then stopped).
 */
export function hubUpRestartedWhileWaiting(connector: string, waitMs: number, handOverMs: number): Fault {
  return {
    name: `hub up stopped (SIGINT) and started again while ${connector} events wait for retries`,
    faulted: connector,
    async run(world) {
      await world.part('ingress').stop('SIGTERM');
      await waitSettled(world, Date.now(), handOverMs);
      for (const [name, part] of world.parts) if (name !== 'ingress') await part.stop('SIGTERM');
      world.parts.clear();
      const up = world.addPart('hub-up', ['up'], { SQS_ENDPOINT: '', HUB_SQS_EMULATOR_PORT: String(await freePort()), HUB_CONSOLE_PORT: String(await freePort()), HUB_DEMO_SINK_PORT: '0' }, /^try it/);
      await up.start();
      world.provider(connector).setMode({ kind: 'error', status: 500 });
      await sleep(waitMs);
      await up.stop('SIGINT');
      await up.start();
      world.provider(connector).setMode({ kind: 'up' });
    },
  };
}
