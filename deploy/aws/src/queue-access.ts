import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

/**
 * What every hub process does to find a queue (ConnectorQueues.get): GetQueueUrl, and, only when
 * the queue is gone (deleted by hand), CreateQueue again with its DLQ — GetQueueAttributes reads
 * the DLQ's ARN for the redrive policy and the depths the health figures show.
 */
const FIND_OR_RECREATE = ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 'sqs:CreateQueue'];

/** Statements always name queue ARNs: no process may touch a queue it was not given. */
function allow(grantee: IGrantable, sid: string, actions: string[], queues: readonly IQueue[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ sid, actions, resources: queues.map((q) => q.queueArn) }));
}

/**
 * A connector's worker: receives, deletes and extends its own messages, sends to its own queue (a
 * retry or a wait is the message sent again with a delay), and drains its own DLQ (receive,
 * delete). It never sends to the DLQ: SQS moves messages there itself.
 */
export function allowWorker(grantee: IGrantable, queue: IQueue, deadLetterQueue: IQueue): void {
  allow(grantee, 'OwnQueue', ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:SendMessage', ...FIND_OR_RECREATE], [queue]);
  allow(grantee, 'OwnDeadLetterQueue', ['sqs:ReceiveMessage', 'sqs:DeleteMessage', ...FIND_OR_RECREATE], [deadLetterQueue]);
}

/** The outbox relay: sends each connector's rows to that connector's queue. */
export function allowRelay(grantee: IGrantable, queues: readonly IQueue[], deadLetterQueues: readonly IQueue[]): void {
  allow(grantee, 'SendToConnectorQueues', ['sqs:SendMessage', ...FIND_OR_RECREATE], queues);
  allow(grantee, 'FindDeadLetterQueues', FIND_OR_RECREATE, deadLetterQueues);
}

/** The console: queue depths for its health and connector pages (a missing queue shows no depth; it does not re-create it). */
export function allowQueueDepths(grantee: IGrantable, queues: readonly IQueue[], deadLetterQueues: readonly IQueue[]): void {
  allow(grantee, 'ReadQueueDepths', ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes'], [...queues, ...deadLetterQueues]);
}
