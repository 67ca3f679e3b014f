import { createHash, randomBytes } from 'node:crypto';

/**
 * API keys look like `llmk_<8 hex>_<43 base64url>`. The first part (`llmk_<8 hex>`) is the visible prefix, unique
 * per key, used to find the key's row and to show which key is which; the whole key is a 256-bit secret, so a fast
 * SHA-256 is enough to store it (a slow password KDF would only slow every request down).
 */
export const API_KEY_SCHEME = 'llmk';

const API_KEY_PATTERN = /^(llmk_[0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;

export type NewApiKeySecret = { key: string; prefix: string; secretHash: string };

export function generateApiKeySecret(): NewApiKeySecret {
  const prefix = `${API_KEY_SCHEME}_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The prefix of a well-formed key, or null for anything that is not an API key. */
export function apiKeyPrefixOf(presented: string): string | null {
  return API_KEY_PATTERN.exec(presented)?.[1] ?? null;
}
