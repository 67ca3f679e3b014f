import { apiKeyPrefixOf, generateApiKeySecret, hashApiKey } from './api-key-secret';
import { bearerToken } from './bearer-token';

describe('API key secrets', () => {
  it('generates keys whose prefix is visible and whose hash is the SHA-256 of the whole key', () => {
    const { key, prefix, secretHash } = generateApiKeySecret();
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(apiKeyPrefixOf(key)).toBe(prefix);
    expect(secretHash).toBe(hashApiKey(key));
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(generateApiKeySecret().key).not.toBe(key);
  });

  it('tells API keys from other tokens', () => {
    expect(apiKeyPrefixOf('some-session-token')).toBeNull();
    expect(apiKeyPrefixOf('llmk_0123abcd_short')).toBeNull();
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
