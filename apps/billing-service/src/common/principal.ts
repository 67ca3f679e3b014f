/** Who is calling: a platform admin (password login) or one tenant (its API key, or a tenant user's login). */
export type Principal =
  | { kind: 'admin'; userId: string }
  | { kind: 'tenant'; tenantId: string; apiKeyId: string | null; userId: string | null };

export type TenantPrincipal = Extract<Principal, { kind: 'tenant' }>;
