import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { TenantRequest } from './interim-tenant-header.guard';

/** The tenant the guard identified; every query a handler makes is scoped to it. */
export const TenantId = createParamDecorator((_: unknown, context: ExecutionContext) => {
  return context.switchToHttp().getRequest<TenantRequest>().tenantId;
});
