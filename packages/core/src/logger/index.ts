import { pino, type Logger, type LoggerOptions } from 'pino';
import { REDACTED, redactDeep } from '../redact/index.js';

export type { Logger };

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** For tests: where lines go. */
  destination?: pino.DestinationStream;
}

// Child bindings do not pass through formatters.log; pino's own redaction covers them by name.
const SECRET_KEYS = ['secret', 'secrets', 'password', 'token', 'apiKey', 'api_key', 'accessToken', 'refreshToken', 'clientSecret', 'authorization', 'cookie', 'signature'];
const BINDING_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`]);

/**
 * The one logger factory. Every key whose name says secret (authorization, cookie, token,
 * api key, signature, password, …: the rule in redact/) is replaced at any depth in log
 * objects; child bindings are redacted by the common secret names. Bind identifiers only.
 */
export function createLogger({ service, level = 'info', destination }: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: BINDING_PATHS, censor: REDACTED },
    formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
  };
  return destination ? pino(options, destination) : pino(options);
}
