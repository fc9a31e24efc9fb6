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

/** From the SQS thread to the main thread. */
export type FromConsumerThread =
  | { kind: 'handle'; queue: number; id: number; message: ReceivedMessage }
  | { kind: 'log'; queue: number; level: LogLevel; fields: Record<string, unknown>; msg: string }
  | { kind: 'stopped' };

/** From the main thread to the SQS thread. */
export type ToConsumerThread =
  | { kind: 'outcome'; id: number; outcome: MessageOutcome }
  | { kind: 'failed'; id: number; error: PlainError }
  | { kind: 'stop' };

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
