import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Responses kept for replay may carry secrets (a new API key is shown once, in the response to its creation), so they
 * are stored sealed with AES-256-GCM under a key derived (HKDF) from the caller's credential and the Idempotency-Key.
 * The database keeps neither, only their SHA-256 (and HKDF's output is not derivable from that): only a caller
 * presenting the same credential and key again can open the response.
 */
function sealingKey(credential: string, idempotencyKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', credential, 'llmchain idempotent response v1', idempotencyKey, 32));
}

export function sealResponse(credential: string, idempotencyKey: string, json: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(credential, idempotencyKey), iv);
  const sealed = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

export function openResponse(credential: string, idempotencyKey: string, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(credential, idempotencyKey), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}
