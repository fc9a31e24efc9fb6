export { CredentialStore, type CredentialFields } from './credential-store.js';
export { EnvMasterKeys, type MasterKeyProvider } from './master-keys.js';
