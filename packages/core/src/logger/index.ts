import { pino, type Logger, type LoggerOptions } from 'pino';
import { redactText, redactValue } from '../redact/index.js';

export type { Logger };

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** For tests: where lines go. */
  destination?: pino.DestinationStream;
}

const redactArgument = (arg: unknown) => (typeof arg === 'string' ? redactText(arg) : redactValue(arg));

/**
 * The one logger factory. Everything a log call is given passes through the structural redaction
 * (redact/redactValue) before pino sees it: secret-named fields at any depth, URLs (userinfo,
 * query values), written-out credentials and token formats in any string (the message too),
 * Error objects with their `cause` chains and the request config an HTTP client hangs on them.
 * Child bindings go through it as well. Bind identifiers only.
 */
export function createLogger({ service, level = 'info', destination }: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        // pino's own form for `log.error(err)`: the error under `err`, its message as the line's message.
        if (first instanceof Error) {
          const message = rest.length > 0 ? rest : [first.message];
          return method.apply(this, [{ err: redactValue(first) }, ...message.map(redactArgument)] as Parameters<typeof method>);
        }
        return method.apply(this, args.map(redactArgument) as Parameters<typeof method>);
      },
    },
    // Errors arrive already serialised (and redacted) by the hook above.
    serializers: { err: (err: unknown) => err },
  };
  const logger = destination ? pino(options, destination) : pino(options);
  // Child bindings skip hooks and formatters (pino resets the latter for children): every
  // descendant inherits this `child`, which redacts them first.
  // Called with each descendant as `this`, not bound to the root.
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings, childOptions) {
    return child.call(this, redactValue(bindings) as typeof bindings, childOptions);
  } as Logger['child'];
  return logger;
}
