import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { newSigningSecret, SigningSecretBox } from './signing-secret-box';

describe('signing secret box', () => {
  const box = new SigningSecretBox(randomBytes(32));

  it('seals a secret so that it is not readable, and opens it for the same endpoint', () => {
    const secret = newSigningSecret();
    const endpointId = randomUUID();
    const sealed = box.seal(secret, endpointId);
    expect(sealed).toMatch(/^v2\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(box.seal(secret, endpointId)).not.toBe(sealed);
    expect(box.open(sealed, endpointId)).toBe(secret);
  });

  it('refuses to open under another endpoint, another key, or after tampering', () => {
    const endpointId = randomUUID();
    const sealed = box.seal(newSigningSecret(), endpointId);
    expect(() => box.open(sealed, randomUUID())).toThrow();
    expect(() => new SigningSecretBox(randomBytes(32)).open(sealed, endpointId)).toThrow();
    const [version, id, packed] = sealed.split('.');
    const bytes = Buffer.from(packed, 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => box.open(`${version}.${id}.${bytes.toString('base64')}`, endpointId)).toThrow();
  });

  it('opens secrets sealed under a previous key of the ring, and seals only under the current one', () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const endpointId = randomUUID();
    const secret = newSigningSecret();
    const before = new SigningSecretBox(oldKey);
    const sealedOld = before.seal(secret, endpointId);
    // A secret sealed before key names existed (v1: iv ‖ tag ‖ ciphertext under the key of the time), made by hand.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', oldKey, iv).setAAD(Buffer.from(endpointId));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const sealedV1 = `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;

    const rotated = new SigningSecretBox(newKey, [oldKey]);
    expect(rotated.open(sealedOld, endpointId)).toBe(secret);
    expect(rotated.open(sealedV1, endpointId)).toBe(secret);
    expect(rotated.isCurrent(sealedOld)).toBe(false);
    expect(rotated.isCurrent(sealedV1)).toBe(false);
    const resealed = rotated.seal(secret, endpointId);
    expect(rotated.isCurrent(resealed)).toBe(true);
    // Sealed under the new key: the new key alone opens it, the old one does not.
    expect(new SigningSecretBox(newKey).open(resealed, endpointId)).toBe(secret);
    expect(() => before.open(resealed, endpointId)).toThrow(/neither WEBHOOK_SECRET_KEY nor in WEBHOOK_SECRET_PREVIOUS_KEYS/);
    // Without the old key in the ring, its secrets no longer open.
    expect(() => new SigningSecretBox(newKey).open(sealedOld, endpointId)).toThrow();
    expect(() => new SigningSecretBox(newKey).open(sealedV1, endpointId)).toThrow(/opens under no key/);
  });
});
