import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64 (the spec asks for 24 to 64). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Keeps endpoints' signing secrets encrypted at rest (HMAC signing needs the secret itself, so it cannot be hashed):
 * AES-256-GCM under WEBHOOK_SECRET_KEY, with the endpoint's id as associated data so a ciphertext copied onto another
 * endpoint does not open. Sealed form: `v1.<base64 of iv ‖ tag ‖ ciphertext>`.
 */
export class SigningSecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('a signing secret box needs a 32-byte key');
  }

  seal(secret: string, endpointId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(endpointId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  open(sealed: string, endpointId: string): string {
    const [version, packed] = sealed.split('.');
    if (version !== VERSION || !packed) throw new Error('not a sealed signing secret');
    const bytes = Buffer.from(packed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12)).setAAD(Buffer.from(endpointId));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}

export const SIGNING_SECRET_BOX = Symbol('SIGNING_SECRET_BOX');
