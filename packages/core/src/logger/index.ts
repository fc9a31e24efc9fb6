import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Paths pino removes from every log line: secrets never reach a log. */
export const REDACTED_PATHS = [
  'secret',
  'secrets',
  'password',
  'token',
  'apiKey',
  '*.secret',
  '*.secrets',
  '*.password',
  '*.token',
  '*.apiKey',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-shopify-hmac-sha256"]',
  'req.headers["webhook-signature"]',
  'req.headers["x-slack-signature"]',
];

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** For tests: where lines go. */
  destination?: pino.DestinationStream;
}

export function createLogger({ service, level = 'info', destination }: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
