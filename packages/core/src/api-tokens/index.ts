export { ApiTokenRole, roleAllows } from './api-token-role.js';
export { apiActor, type ApiPrincipal } from './api-principal.js';
export { ApiTokenStore, BOOTSTRAP_TOKEN_NAME, type ApiTokenRecord } from './api-token-store.js';
export { TOKEN_PREFIX, looksLikeToken } from './token-secret.js';
