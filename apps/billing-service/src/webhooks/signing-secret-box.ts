import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Sealed under a named key of the ring: `v2.<key id>.<base64 of iv ‖ tag ‖ ciphertext>`. */
const VERSION = 'v2';
/** Sealed before the key ring: `v1.<base64>`, under whichever key was set then; opened by trying each key. */
const UNNAMED_VERSION = 'v1';

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64 (the spec asks for 24 to 64). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A key's public name in sealed secrets: the first 8 hex digits of its SHA-256 (names it, reveals nothing of it). */
function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Keeps endpoints' signing secrets encrypted at rest (HMAC signing needs the secret itself, so it cannot be hashed):
 * AES-256-GCM with the endpoint's id as associated data, so a ciphertext copied onto another endpoint does not open.
 * A key ring: secrets are sealed under the current key (WEBHOOK_SECRET_KEY) and open under it or any previous one
 * (WEBHOOK_SECRET_PREVIOUS_KEYS), so the key can be rotated without losing a secret; `isCurrent` tells which to seal
 * again (WebhookSecretReseal does, at boot and whenever a delivery opens one).
 */
export class SigningSecretBox {
  private readonly current: { id: string; key: Buffer };
  private readonly ring: Map<string, Buffer>;

  constructor(currentKey: Buffer, previousKeys: Buffer[] = []) {
    for (const key of [currentKey, ...previousKeys]) if (key.length !== 32) throw new Error('a signing secret box needs 32-byte keys');
    this.current = { id: keyId(currentKey), key: currentKey };
    this.ring = new Map([...previousKeys, currentKey].map((key) => [keyId(key), key]));
  }

  seal(secret: string, endpointId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv).setAAD(Buffer.from(endpointId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${VERSION}.${this.current.id}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  open(sealed: string, endpointId: string): string {
    const parts = sealed.split('.');
    if (parts[0] === VERSION && parts.length === 3) {
      const key = this.ring.get(parts[1]);
      if (!key) throw new Error(`signing secret sealed under key ${parts[1]}, which is neither WEBHOOK_SECRET_KEY nor in WEBHOOK_SECRET_PREVIOUS_KEYS`);
      return openWith(key, parts[2], endpointId);
    }
    if (parts[0] !== UNNAMED_VERSION || parts.length !== 2) throw new Error('not a sealed signing secret');
    for (const key of this.ring.values()) {
      try {
        return openWith(key, parts[1], endpointId);
      } catch {
        // Not this key: try the next one.
      }
    }
    throw new Error('signing secret opens under no key of the ring (WEBHOOK_SECRET_KEY, WEBHOOK_SECRET_PREVIOUS_KEYS)');
  }

  /** Whether the secret is sealed under the current key (else it is sealed again, see WebhookSecretReseal). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`${VERSION}.${this.current.id}.`);
  }
}

function openWith(key: Buffer, packed: string, endpointId: string): string {
  const bytes = Buffer.from(packed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12)).setAAD(Buffer.from(endpointId));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

export const SIGNING_SECRET_BOX = Symbol('SIGNING_SECRET_BOX');
