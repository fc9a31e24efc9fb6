import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { hubError } from '../errors/index.js';

/** A connector's secret fields (api key, client secret, tokens, webhook secret …). Never logged, never returned by an API. */
export type CredentialFields = Record<string, string>;

/** What is stored of a credential: AES-256-GCM ciphertext with its IV and tag. */
export interface SealedCredential {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * The full GCM tag, fixed on both sides: Node's decipher otherwise accepts tags as short as
 * 4 bytes, and a stored tag cut to 4 bytes leaves 2^32 tries between a forger and a valid row.
 */
export const GCM_TAG_BYTES = 16;

/** Encrypts `fields` under `key`; the connector and account are authenticated data, so a row copied to another account does not decrypt. */
export function sealCredential(key: Buffer, connector: string, account: string, fields: CredentialFields): SealedCredential {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad(connector, account));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Decrypts a stored credential; anything altered (a byte, the tag's length, the row's account) is HUB_CREDENTIAL_TAMPERED. */
export function openCredential(key: Buffer, connector: string, account: string, sealed: SealedCredential): CredentialFields {
  const label = `${connector}${account ? `/${account}` : ''}`;
  if (sealed.tag.length !== GCM_TAG_BYTES) {
    throw hubError('HUB_CREDENTIAL_TAMPERED', `the credentials of ${label} carry a ${sealed.tag.length}-byte authentication tag (${GCM_TAG_BYTES} expected)`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(aad(connector, account));
    decipher.setAuthTag(sealed.tag);
    return JSON.parse(Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8')) as CredentialFields;
  } catch (err) {
    throw hubError('HUB_CREDENTIAL_TAMPERED', `the credentials of ${label} fail authentication`, { cause: err });
  }
}

function aad(connector: string, account: string): Buffer {
  return Buffer.from(`${connector}\u0000${account}`, 'utf8');
}
