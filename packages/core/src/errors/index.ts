import { HubError, isHubError, type HubErrorOptions } from '@hub/connector-sdk';
import { CoreErrorCodes, type CoreErrorCode } from './registry.js';

export { HubError, isHubError, CoreErrorCodes, type CoreErrorCode };

/** Raises a registered core error; retryability comes from the registry unless overridden. */
export function hubError(code: CoreErrorCode, message: string, options: HubErrorOptions = {}): HubError {
  return new HubError(code, message, { retryable: CoreErrorCodes[code].retryable, ...options });
}

export interface PortSetting {
  /** What the setting's 0 means: any free port, or the listener off (/metrics, the demo sink). */
  zero: 'free' | 'off';
  /** What else the operator may have meant (another SQS emulator on the emulator's port). */
  hint?: string;
}

/**
 * For a server's listen: a port another program holds becomes HUB_PORT_IN_USE, naming the setting
 * that moves it, instead of Node's EADDRINUSE stack trace. Any other error passes through unchanged.
 */
export function portInUse(setting: string, { zero, hint }: PortSetting): (err: unknown) => never {
  return (err) => {
    const listenError = err as (NodeJS.ErrnoException & { address?: string; port?: number }) | undefined;
    if (listenError?.code !== 'EADDRINUSE') throw err;
    const where = listenError.address ? `${listenError.address}:${listenError.port}` : `port ${listenError.port}`;
    throw hubError('HUB_PORT_IN_USE', `${where} is in use by another program: stop it, or set ${setting} to another port (${zero === 'free' ? '0 picks a free one' : '0 turns it off'})${hint ? `; ${hint}` : ''}`, {
      cause: err,
      details: { setting, address: listenError.address, port: listenError.port },
    });
  };
}
