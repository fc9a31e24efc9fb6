export { OutboxRelay, type OutboxRelayOptions, type QueueMessageBody } from './outbox-relay.js';
