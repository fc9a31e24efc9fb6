export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';
export type { QueueMessageBody } from './send-to-queue.js';
