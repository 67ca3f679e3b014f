import { createHash } from 'node:crypto';

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * What makes two requests "the same" under one Idempotency-Key: method, path with query, and the parsed JSON body
 * with its keys sorted (so a client that reorders keys on retry is not refused). A streamed upload's body is not
 * read here; the route binds its content hash instead (see idempotent-content).
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return sha256Hex(JSON.stringify([method, url, canonical(body ?? null)]));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}
