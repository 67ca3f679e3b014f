import { createHash } from 'node:crypto';

/** The UUID namespace of serving's usage.recorded ids (a random v4, fixed forever: changing it re-ids every event). */
const USAGE_NAMESPACE = 'c1b0a2d4-5f0e-4c7a-9a51-6e3f2b8d7c10';

/** RFC 9562 version 5 (SHA-1, name-based) UUID of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The usage.recorded event id of a request: derived from the request id, so however many times a request's usage
 * is settled (its own end, an orphan sweep, a retried transaction), billing's idempotent consumer counts it once.
 */
export const usageEventId = (requestId: string): string => uuidV5(USAGE_NAMESPACE, requestId);
