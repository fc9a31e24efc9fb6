import type { Logger } from '../logger/index.js';
import type { MessageOutcome, ReceivedMessage } from './consumer.js';
import type { SqsClientOptions } from './sqs-client.js';

/** One queue the SQS thread consumes for the main thread (QueueConsumer's options, minus the handler and the logger). */
export interface ThreadedQueueSpec {
  queueUrl: string;
  concurrency: number;
  visibilityTimeoutSeconds: number;
  waitTimeSeconds?: number;
}

export interface ConsumerThreadData {
  sqs: SqsClientOptions;
  queues: ThreadedQueueSpec[];
}

/** An error as it crosses the thread boundary (the log line and the handler's rejection keep what they need). */
export interface PlainError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A message for the main thread to handle, `id` naming its outcome's answer. */
export interface HandleRequest {
  queue: number;
  id: number;
  message: ReceivedMessage;
}

/** A handler's outcome, or why it threw. */
export type Settled = { id: number; outcome: MessageOutcome } | { id: number; error: PlainError };

/** From the SQS thread to the main thread. */
export type FromConsumerThread =
  | { kind: 'handle'; items: HandleRequest[] }
  | { kind: 'log'; queue: number; level: LogLevel; fields: Record<string, unknown>; msg: string };

/** From the main thread to the SQS thread. */
export type ToConsumerThread =
  | { kind: 'settled'; items: Settled[] }
  | { kind: 'stop' };

/**
 * Items sent within one turn of the event loop cross as one message: one structured clone and one
 * 'message' event for a receive's ten messages, or for the outcomes one commit settled (a message
 * each cost the main thread ~2 % of its CPU in postMessage alone: docs/benchmarks.md).
 */
export function batchedPoster<T>(post: (items: T[]) => void): (item: T) => void {
  let pending: T[] | undefined;
  return (item) => {
    if (pending) {
      pending.push(item);
      return;
    }
    pending = [item];
    setImmediate(() => {
      const items = pending ?? [];
      pending = undefined;
      post(items);
    });
  };
}

export function toPlainError(err: unknown): PlainError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const code = (err as { code?: unknown }).code;
  return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}), ...(err.stack ? { stack: err.stack } : {}) };
}

export function fromPlainError(plain: PlainError): Error {
  const err = new Error(plain.message);
  err.name = plain.name;
  if (plain.stack) err.stack = plain.stack;
  if (plain.code) (err as Error & { code?: string }).code = plain.code;
  return err;
}

/**
 * The SQS thread's logger: each line goes to the main thread's logger (its redaction, its
 * destination) by `post`. An error crosses as a PlainError; a field the structured clone refuses
 * (a function, a socket) must not kill the thread, so such a line goes with only its fields' names.
 */
export function forwardingLogger(post: (message: FromConsumerThread) => void, queue: number): Logger {
  const line =
    (level: LogLevel) =>
    (fields: unknown, msg?: string): void => {
      const plain = typeof fields === 'object' && fields !== null ? { ...(fields as Record<string, unknown>) } : {};
      if (plain.err !== undefined) plain.err = toPlainError(plain.err);
      const text = msg ?? (typeof fields === 'string' ? fields : '');
      try {
        post({ kind: 'log', queue, level, fields: plain, msg: text });
      } catch {
        post({ kind: 'log', queue, level, fields: { fieldsDropped: Object.keys(plain) }, msg: text });
      }
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') } as unknown as Logger;
}
