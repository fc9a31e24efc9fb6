export { CredentialStore, type CredentialFields, type StoredCredential } from './credential-store.js';
export { EnvMasterKeys, type MasterKeyProvider } from './master-keys.js';
