export { authorizeRequest } from './authorize-request.js';
export { signHmac, signedContentFor, bodyAsSent } from './sign-hmac.js';
export { credentialsSetCommand, requiredFields, settableFields } from './credentials-command.js';
export { OAuth2TokenManager, type CredentialRef, type OAuth2TokenManagerOptions } from './oauth2-token-manager.js';
export { OutboundAuth, type OutboundAuthOptions, type RequestAuthorizer } from './outbound-auth.js';
export { redactAuthorized } from './redact-authorized.js';
// Where the processing code has always imported it from; it lives with the other redaction rules.
export { redactUrl } from '../redact/index.js';
export { requestToken, type IssuedToken, type TokenRequest } from './request-token.js';
export { baseUrlEnvName, resolveBaseUrl } from './resolve-base-url.js';
