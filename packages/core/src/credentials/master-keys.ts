import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { hubError } from '../errors/index.js';
import { GCM_TAG_BYTES as TAG_BYTES } from './credential-cipher.js';

/** KMS-shaped: wraps and unwraps data keys; the master key itself never leaves it. */
export interface MasterKeyProvider {
  /** The key new data keys are wrapped with. */
  readonly currentKeyId: string;
  wrap(dataKey: Buffer): Promise<{ wrapped: Buffer; masterKeyId: string }>;
  unwrap(wrapped: Buffer, masterKeyId: string): Promise<Buffer>;
}

/**
 * Master keys from the environment: `HUB_MASTER_KEYS=k2:<base64 32 bytes>,k1:<base64 32 bytes>`,
 * the first being current. Keeping an older key listed lets existing data keys be unwrapped
 * while `hub credentials rotate-key` re-wraps them under the current one.
 */
export class EnvMasterKeys implements MasterKeyProvider {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(spec: string) {
    for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
      const [id, material] = entry.split(':');
      const key = Buffer.from(material ?? '', 'base64');
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
        throw hubError('HUB_CONFIG_INVALID', 'HUB_MASTER_KEYS must be "<id>:<base64 of 32 random bytes>", comma-separated, current first (generate one with: openssl rand -base64 32)');
      }
      this.keys.set(id, key);
    }
    const first = this.keys.keys().next();
    if (first.done) throw hubError('HUB_CONFIG_INVALID', 'HUB_MASTER_KEYS is empty');
    this.currentKeyId = first.value;
  }

  async wrap(dataKey: Buffer): Promise<{ wrapped: Buffer; masterKeyId: string }> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId) as Buffer, iv, { authTagLength: TAG_BYTES });
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { wrapped: Buffer.concat([iv, cipher.getAuthTag(), body]), masterKeyId: this.currentKeyId };
  }

  async unwrap(wrapped: Buffer, masterKeyId: string): Promise<Buffer> {
    const key = this.keys.get(masterKeyId);
    if (!key) throw hubError('HUB_CREDENTIAL_KEY_MISSING', `master key "${masterKeyId}" is not configured in HUB_MASTER_KEYS`);
    // iv (12) + the full tag (16) + a key: anything shorter has been cut.
    if (wrapped.length <= 12 + TAG_BYTES) throw hubError('HUB_CREDENTIAL_TAMPERED', 'a wrapped data key is too short to hold its IV and a full authentication tag');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, 12), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(wrapped.subarray(12, 12 + TAG_BYTES));
      return Buffer.concat([decipher.update(wrapped.subarray(12 + TAG_BYTES)), decipher.final()]);
    } catch (err) {
      throw hubError('HUB_CREDENTIAL_TAMPERED', 'a data key does not unwrap under its master key', { cause: err });
    }
  }
}
