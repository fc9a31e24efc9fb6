export { createSqsClient, sendAbortable, type SqsClientOptions } from './sqs-client.js';
export { ConnectorQueues, queueNames, DEFAULT_QUEUE_SETTINGS, DLQ_RETENTION_SECONDS, QUEUE_RETENTION_SECONDS, type ConnectorQueue, type QueueSettings } from './connector-queues.js';
export { QueueConsumer, type ConsumerOptions, type MessageOutcome, type ReceivedMessage } from './consumer.js';
export { queueDepth, type QueueDepth } from './queue-depth.js';
export { BatchedDeleter } from './batched-deleter.js';
export { isQueueMissing } from './is-queue-missing.js';
export { ThreadedQueueConsumers, type ThreadedQueue } from './threaded-consumers.js';
