import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '@hub/core/logger';

/** Bolt's messages go to the hub's logger (Bolt never logs the signing secret or tokens). */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => log.debug({ component: 'bolt' }, text(msg)),
    info: (...msg: unknown[]) => log.info({ component: 'bolt' }, text(msg)),
    warn: (...msg: unknown[]) => log.warn({ component: 'bolt' }, text(msg)),
    error: (...msg: unknown[]) => log.error({ component: 'bolt' }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
