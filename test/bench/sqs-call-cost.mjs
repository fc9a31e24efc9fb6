// What one SQS call of the per-message kind costs the calling process's CPU: through the AWS
// SDK's whole chain (a client as the hub built it before the fourteenth increment) against the
// hub's client (createSqsClient: its JSON transport for SendMessageBatch, ReceiveMessage,
// DeleteMessageBatch and SendMessage, the SDK's MD5 checks on Node's crypto). Against the shared
// SQS emulator, ten messages a call (a resend: one), four calls at a time; rounds interleaved,
// medians (the emulator's own CPU is not counted: it is the same work either way).
import { createRequire } from 'node:module';
import { createSqsClient } from '@hub/core/queue';
import { median } from './lib/report.mjs';

const sdk = createRequire(import.meta.resolve('@hub/core/queue'))('@aws-sdk/client-sqs');
const CALLS = ['SendMessageBatch', 'ReceiveMessage', 'DeleteMessageBatch', 'SendMessage'];

/** µs of this process's CPU per call: `count` calls of `call`, four at a time. */
async function cpuPerCall(count, call) {
  const before = process.cpuUsage();
  let left = count;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (left-- > 0) await call();
  }));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

/** One round of each call on `client`: sends fill the queue, receives take those messages, deletes remove them. */
async function round(client, queueUrl, count) {
  const entries = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: JSON.stringify({ eventId: `0193a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}` }) }));
  const handles = [];
  const send = await cpuPerCall(count, () => client.send(new sdk.SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries })));
  const receive = await cpuPerCall(count, async () => {
    const out = await client.send(new sdk.ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 300, MessageSystemAttributeNames: ['ApproximateReceiveCount'], MessageAttributeNames: ['HubNotBefore'] }));
    handles.push(...(out.Messages ?? []).map((m) => m.ReceiptHandle));
  });
  const batches = [];
  for (let i = 0; i < handles.length; i += 10) batches.push(handles.slice(i, i + 10));
  const remove = await cpuPerCall(batches.length, () => client.send(new sdk.DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: batches.pop().map((handle, i) => ({ Id: String(i), ReceiptHandle: handle })) })));
  // A message that must wait, as the worker resends it: one message, delayed, with its not-before attribute.
  const resend = await cpuPerCall(count, () => client.send(new sdk.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: entries[0].MessageBody, DelaySeconds: 900, MessageAttributes: { HubNotBefore: { DataType: 'Number', StringValue: String(Date.now() + 3_600_000) } } })));
  await client.send(new sdk.PurgeQueueCommand({ QueueUrl: queueUrl })).catch(() => undefined);
  return { SendMessageBatch: send, ReceiveMessage: receive, DeleteMessageBatch: remove, SendMessage: resend, received: handles.length };
}

export async function sqsCallCostPhase({ print, endpoint, queueName, rounds = Number(process.env.BENCH_SQS_ROUNDS ?? 5), count = Number(process.env.BENCH_SQS_CALLS ?? 500) }) {
  const clients = {
    "the SDK's chain": new sdk.SQSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, cacheMiddleware: true }),
    "the hub's client": createSqsClient({ region: 'us-east-1', endpoint }),
  };
  const { QueueUrl } = await clients["the hub's client"].send(new sdk.CreateQueueCommand({ QueueName: queueName }));
  try {
    // Warm-up: the JIT and the sockets of both clients, as in a running worker.
    for (const client of Object.values(clients)) await round(client, QueueUrl, 200);
    const results = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
    for (let r = 0; r < rounds; r += 1) for (const [name, client] of Object.entries(clients)) results[name].push(await round(client, QueueUrl, count));
    print(`sqs call cost:   µs of the caller's CPU per call, 10 messages a call (SendMessage: 1, delayed), ${count} calls x ${rounds} interleaved rounds, medians (emulator not counted):`);
    for (const call of CALLS) {
      const [before, after] = Object.values(results).map((runs) => median(runs.map((run) => run[call])));
      print(`                 ${call.padEnd(20)} the SDK's chain ${before.toFixed(0).padStart(5)} µs, the hub's client ${after.toFixed(0).padStart(5)} µs (${(before / after).toFixed(1)}x)`);
    }
    print(`                 messages received a round: ${Object.entries(results).map(([name, runs]) => `${name} ${median(runs.map((run) => run.received))}`).join(', ')} (of ${count * 10} sent)`);
  } finally {
    await clients["the hub's client"].send(new sdk.DeleteQueueCommand({ QueueUrl })).catch(() => undefined);
    for (const client of Object.values(clients)) client.destroy();
  }
}
