import type { FastifyReply } from 'fastify';
import { SdkErrorCodes, type SdkErrorCode } from '@hub/connector-sdk';
import { CoreErrorCodes, type CoreErrorCode } from '@hub/core/errors';

function describe(code: CoreErrorCode | SdkErrorCode): string {
  return Object.hasOwn(CoreErrorCodes, code) ? CoreErrorCodes[code as CoreErrorCode].description : SdkErrorCodes[code as SdkErrorCode];
}

/** Every refusal has the same shape: `{ error: { code, message } }`, with a registered code. */
export function sendError(reply: FastifyReply, status: number, code: CoreErrorCode | SdkErrorCode, message: string = describe(code)): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}
