const WINDOW_MS = 60_000;

/**
 * A Lua function for the admission script: checks four fixed one-minute windows (requests and tokens, per key and
 * per tenant) and, only when all four have room, counts the request in all of them, atomically, so concurrent
 * requests on several processes cannot both take the last slot. Returns 0 when admitted, else the 1-based index of
 * the window that is full.
 */
export const RATE_LIMIT_LUA = `
local function count_in_windows(keys, rpm, tpm, tokens, ttl_ms)
  for i = 1, 2 do
    if tonumber(redis.call('GET', keys[i]) or '0') + 1 > rpm then return i end
  end
  for i = 3, 4 do
    if tonumber(redis.call('GET', keys[i]) or '0') + tokens > tpm then return i end
  end
  for i = 1, 2 do
    redis.call('INCR', keys[i])
    redis.call('PEXPIRE', keys[i], ttl_ms)
  end
  for i = 3, 4 do
    redis.call('INCRBY', keys[i], tokens)
    redis.call('PEXPIRE', keys[i], ttl_ms)
  end
  return 0
end
`;

const WINDOW_NAMES = ['requests per minute for this key', 'requests per minute for this tenant', 'tokens per minute for this key', 'tokens per minute for this tenant'];

/**
 * Which windows a request counts in: interactive requests in theirs, Batch API requests in the batch lane's own, with
 * the same per-minute limits, so batches never take an interactive request's room, nor interactive traffic a batch's.
 */
export type RateLimitLane = 'interactive' | 'batch';

/**
 * count_in_windows' keys and its last argument for the subject's request at `now`: the tenant's hash tag keeps them
 * in one Redis Cluster slot with the tenant's credit and budget keys, which the admission script holds with them.
 */
export function rateLimitWindows(subject: { tenantId: string; apiKeyId: string }, now: number, lane: RateLimitLane): { keys: string[]; ttlMs: number } {
  const window = Math.floor(now / WINDOW_MS);
  const prefix = `serving:rl:{${subject.tenantId}}:${window}${lane === 'batch' ? ':batch' : ''}`;
  return {
    keys: [`${prefix}:rpm:key:${subject.apiKeyId}`, `${prefix}:rpm:tenant:${subject.tenantId}`, `${prefix}:tpm:key:${subject.apiKeyId}`, `${prefix}:tpm:tenant:${subject.tenantId}`],
    ttlMs: 2 * WINDOW_MS,
  };
}

/** Which window count_in_windows found full (its 1-based answer), and when it opens again. */
export function rateLimitRefusal(full: number, now: number): { limit: string; retryAfterSeconds: number } {
  const window = Math.floor(now / WINDOW_MS);
  return { limit: WINDOW_NAMES[full - 1], retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)) };
}
