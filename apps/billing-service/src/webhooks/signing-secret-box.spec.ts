import { randomBytes, randomUUID } from 'node:crypto';
import { newSigningSecret, SigningSecretBox } from './signing-secret-box';

describe('signing secret box', () => {
  const box = new SigningSecretBox(randomBytes(32));

  it('seals a secret so that it is not readable, and opens it for the same endpoint', () => {
    const secret = newSigningSecret();
    const endpointId = randomUUID();
    const sealed = box.seal(secret, endpointId);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(box.seal(secret, endpointId)).not.toBe(sealed);
    expect(box.open(sealed, endpointId)).toBe(secret);
  });

  it('refuses to open under another endpoint, another key, or after tampering', () => {
    const endpointId = randomUUID();
    const sealed = box.seal(newSigningSecret(), endpointId);
    expect(() => box.open(sealed, randomUUID())).toThrow();
    expect(() => new SigningSecretBox(randomBytes(32)).open(sealed, endpointId)).toThrow();
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => box.open(`v1.${bytes.toString('base64')}`, endpointId)).toThrow();
  });
});
