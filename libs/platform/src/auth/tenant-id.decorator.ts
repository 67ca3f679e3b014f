import { ApiKeyAuthenticatedRequest } from './api-key.guard';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The tenant of the API key the guard verified; every query a handler makes is scoped to it. */
export const TenantId = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const tenantId = context.switchToHttp().getRequest<ApiKeyAuthenticatedRequest>().apiKey?.tenantId;
  if (!tenantId) throw new Error('TenantId used on a route without ApiKeyGuard');
  return tenantId;
});
