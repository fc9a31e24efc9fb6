export { CredentialStore, type CredentialFields, type StoredCredential } from './credential-store.js';
export { EnvMasterKeys, type MasterKeyProvider } from './master-keys.js';
export { GCM_TAG_BYTES } from './credential-cipher.js';
export type { RotateDataKeysOptions, RotateDataKeysReport } from './rotate-data-keys.js';
export { WEBHOOK_ACCOUNT_PATTERN, WEBHOOK_SECRET_FIELD } from './webhook-secret-field.js';
export { AccountWebhookSecrets, type AccountWebhookSecretsOptions } from './account-webhook-secrets.js';
