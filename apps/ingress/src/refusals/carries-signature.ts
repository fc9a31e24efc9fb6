import type { FastifyRequest } from 'fastify';
import type { Connector } from '@hub/connector-sdk';

/** Whether a request to /webhooks/:connector[/:account] carries one of that connector's signature headers. */
export function carriesSignature(connectors: Readonly<Record<string, Connector>>, request: FastifyRequest): boolean {
  const id = (request.params as { connector?: string } | undefined)?.connector;
  const scheme = id && Object.hasOwn(connectors, id) ? connectors[id]?.webhook?.scheme : undefined;
  return scheme !== undefined && scheme.signatureHeaders.some((name) => request.headers[name] !== undefined);
}
