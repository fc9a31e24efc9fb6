import { describe, expect, it } from 'vitest';
import { forwardingLogger, type FromConsumerThread } from './consumer-thread-protocol.js';

/** What the main thread receives: the message after a structured clone, as postMessage makes it. */
function received(): { post: (message: FromConsumerThread) => void; messages: FromConsumerThread[] } {
  const messages: FromConsumerThread[] = [];
  return { post: (message) => messages.push(structuredClone(message)), messages };
}

describe('forwardingLogger', () => {
  it("sends a line's level, fields and message, an error as its name, message and code", () => {
    const { post, messages } = received();
    const err = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    forwardingLogger(post, 1).warn({ err, queueUrl: 'http://127.0.0.1:4566/000000000000/hub-stripe' }, 'receive failed; retrying in 1 s');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: 'log', queue: 1, level: 'warn', msg: 'receive failed; retrying in 1 s', fields: { queueUrl: 'http://127.0.0.1:4566/000000000000/hub-stripe', err: { name: 'Error', message: 'socket hang up', code: 'ECONNRESET' } } });
  });

  it('keeps the line but not its fields when one cannot be cloned (without the fallback the post throws)', () => {
    const { post, messages } = received();
    forwardingLogger(post, 0).error({ handler: () => undefined, messageId: 'm-1' }, 'message handling failed; it will be redelivered');
    expect(messages).toEqual([{ kind: 'log', queue: 0, level: 'error', msg: 'message handling failed; it will be redelivered', fields: { fieldsDropped: ['handler', 'messageId'] } }]);
  });
});
