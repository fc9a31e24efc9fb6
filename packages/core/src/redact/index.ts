export { REDACTED, isSecretName } from './secret-name.js';
export { redactHeaders } from './redact-headers.js';
export { redactUrl } from './redact-url.js';
export { redactText } from './redact-text.js';
export { redactValue } from './redact-value.js';
