import { ApiKeyScope } from '@llmchain/platform';

/**
 * Who is calling: a platform admin (password login) or one tenant, through one of its API keys (apiKeyId, with that
 * key's scopes) or a tenant user's login (userId, with every scope).
 */
export type Principal =
  | { kind: 'admin'; userId: string }
  | { kind: 'tenant'; tenantId: string; apiKeyId: string | null; userId: string | null; scopes: readonly ApiKeyScope[] };

export type TenantPrincipal = Extract<Principal, { kind: 'tenant' }>;
