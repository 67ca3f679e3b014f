import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Principal, TenantPrincipal } from './principal';

export type Audience = 'admin' | 'tenant';

export const AUDIENCE = 'billing:audience';

/** Controllers under /admin answer platform admins only; tenant controllers answer tenants only. */
export const AdminOnly = () => SetMetadata(AUDIENCE, 'admin' satisfies Audience);
export const TenantOnly = () => SetMetadata(AUDIENCE, 'tenant' satisfies Audience);

export type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; principal?: Principal };

/** The calling tenant, as the guard authenticated it. */
export const CallingTenant = createParamDecorator((_data: unknown, context: ExecutionContext): TenantPrincipal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal?.kind !== 'tenant') throw new Error('CallingTenant used outside a @TenantOnly() controller');
  return principal;
});

/** The calling admin's user id, as the guard authenticated it. */
export const CallingAdminId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal?.kind !== 'admin') throw new Error('CallingAdminId used outside an @AdminOnly() controller');
  return principal.userId;
});
