import type { FastifyReply } from 'fastify';
import { CoreErrorCodes, type CoreErrorCode } from '@hub/core/errors';

/** Every refusal has the same shape: `{ error: { code, message } }`, with a registered code. */
export function sendError(reply: FastifyReply, status: number, code: CoreErrorCode, message: string = CoreErrorCodes[code].description): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}
