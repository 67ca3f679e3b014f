import { Tenant } from '../generated/prisma/client';

export type TenantStatus = 'active' | 'suspended';

/** A tenant as the API shows it: its status spelled out, the internal status version left out. */
export function tenantView({ statusVersion: _version, ...tenant }: Tenant) {
  return { ...tenant, status: (tenant.suspendedAt ? 'suspended' : 'active') satisfies TenantStatus };
}

export type TenantView = ReturnType<typeof tenantView>;
