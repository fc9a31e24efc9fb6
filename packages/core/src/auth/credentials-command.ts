import { AuthCredentialFields, type AuthDeclaration } from '@hub/connector-sdk';

/** The credential fields an operator may set for an auth method (oauth2 authorization_code also takes the refresh token). */
export function settableFields(declaration: AuthDeclaration): readonly string[] {
  const fields: readonly string[] = AuthCredentialFields[declaration.type];
  if (declaration.type === 'hmac') return [...fields, 'keyId'];
  if (declaration.type === 'oauth2' && declaration.grant === 'authorization_code') return [...fields, 'refreshToken'];
  return fields;
}

/** The fields that must be present before a call can be authorised. */
export function requiredFields(declaration: AuthDeclaration): readonly string[] {
  if (declaration.type === 'oauth2' && declaration.grant === 'authorization_code') return [...AuthCredentialFields.oauth2, 'refreshToken'];
  return AuthCredentialFields[declaration.type];
}

/** The command an operator runs to store a connector's credentials: field names only, the values are asked for (hidden) or piped. */
export function credentialsSetCommand(connector: string, account: string, declaration: AuthDeclaration): string {
  const fields = requiredFields(declaration).map((f) => `--field ${f}`).join(' ');
  return `hub credentials set ${connector}${account ? ` --account ${account}` : ''} ${fields}`.trim();
}
