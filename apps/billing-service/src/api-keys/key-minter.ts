import { ApiKeyScope } from '@llmchain/platform';
import { ForbiddenException } from '@nestjs/common';
import { TenantPrincipal } from '../common/principal';

/** Who mints a key, as recorded on it: a user (an admin, or a tenant user's session) or another key of the tenant. */
export type KeyMinter = { userId: string; apiKeyId: null } | { userId: null; apiKeyId: string };

/**
 * The restricted-key model (Stripe's, OpenAI's): a tenant manages its keys through a signed-in user, or through a key
 * granted the "keys" scope; a serving-only key cannot mint itself a broader one. Answers who the minter is.
 */
export function keyManagerOf(caller: TenantPrincipal): KeyMinter {
  if (caller.userId) return { userId: caller.userId, apiKeyId: null };
  if (!caller.apiKeyId || !caller.scopes.includes('keys')) {
    throw new ForbiddenException('managing API keys needs a signed-in tenant user or an API key with the "keys" scope');
  }
  return { userId: null, apiKeyId: caller.apiKeyId };
}

/** A new key's scopes are a subset of its creator's: a key cannot grant what it does not hold. */
export function assertGrantable(caller: TenantPrincipal, requested: readonly ApiKeyScope[]): void {
  const missing = requested.filter((scope) => !caller.scopes.includes(scope));
  if (missing.length) throw new ForbiddenException(`scopes: this key cannot grant ${missing.join(', ')}, which it does not hold itself`);
}
