import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

export const TENANT_HEADER = 'x-tenant-id';
const TENANT_ID = /^[A-Za-z0-9_-]{1,128}$/;

export type TenantRequest = IncomingMessage & { tenantId: string };

/**
 * INTERIM: trusts an `x-tenant-id` header. It stands in until the platform's API-key guard (libs/platform/src/auth,
 * being built with billing-service) lands; then data-service swaps this guard for that one and reads the tenant from
 * the verified key. Until then data-service must only be reachable from trusted callers.
 */
@Injectable()
export class InterimTenantHeaderGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    const tenantId = request.headers[TENANT_HEADER];
    if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId))
      throw new UnauthorizedException(`send the tenant id in the ${TENANT_HEADER} header (letters, digits, _ or -, up to 128)`);
    request.tenantId = tenantId;
    return true;
  }
}
