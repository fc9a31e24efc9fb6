import { z } from 'zod';

/**
 * How a connector authenticates its outbound calls. The secret values themselves live in the
 * hub's credential store (per connector and account); the declaration says only which method
 * applies and where it goes. The credential fields each method reads are in AuthCredentialFields.
 */
export const AuthDeclaration = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('apiKey'),
      /** A header (`X-API-Key`) or a query parameter (`api_key`). */
      in: z.enum(['header', 'query']),
      name: z.string().min(1),
      /** Put before the key, e.g. `Token ` for `Authorization: Token <key>`. */
      prefix: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('bearer') }).strict(),
  z.object({ type: z.literal('basic') }).strict(),
  z
    .object({
      type: z.literal('hmac'),
      /** Header that carries the signature. */
      header: z.string().min(1),
      algorithm: z.enum(['sha1', 'sha256', 'sha512']).default('sha256'),
      encoding: z.enum(['hex', 'base64']).default('hex'),
      /** What is signed: `{timestamp}`, `{method}`, `{path}` (with query), `{body}` are replaced. */
      signedContent: z.string().min(1).default('{timestamp}.{method}.{path}.{body}'),
      /** Header that carries the unix timestamp in seconds, when the content signs one. */
      timestampHeader: z.string().min(1).optional(),
      /** Header that names the key (`keyId` credential field), when the provider wants one. */
      keyIdHeader: z.string().min(1).optional(),
      /** Put before the signature, e.g. `sha256=`. */
      prefix: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('oauth2'),
      grant: z.enum(['authorization_code', 'client_credentials']),
      /** May hold `{account}` (a per-org endpoint such as Salesforce My Domain): the credential's account fills it. */
      tokenUrl: z.url(),
      authorizeUrl: z.url().optional(),
      scopes: z.array(z.string().min(1)).default([]),
      /** RFC 6749 §2.3.1: client id and secret in the body or as HTTP Basic. */
      clientAuth: z.enum(['body', 'basic']).default('body'),
      /** Refresh this many seconds before the access token expires. */
      refreshBeforeSeconds: z.number().int().nonnegative().default(60),
    })
    .strict(),
]);
export type AuthDeclaration = z.infer<typeof AuthDeclaration>;
export type AuthDeclarationInput = z.input<typeof AuthDeclaration>;

/** The credential fields each auth method reads from the credential store. */
export const AuthCredentialFields = {
  none: [],
  apiKey: ['apiKey'],
  bearer: ['token'],
  basic: ['username', 'password'],
  hmac: ['secret'],
  oauth2: ['clientId', 'clientSecret'],
} as const satisfies Record<AuthDeclaration['type'], readonly string[]>;
