import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiKeyAuthenticatedRequest } from './api-key.guard';

/** The id of the API key the guard verified: what work started by the request is metered to. */
export const ApiKeyId = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const apiKeyId = context.switchToHttp().getRequest<ApiKeyAuthenticatedRequest>().apiKey?.apiKeyId;
  if (!apiKeyId) throw new Error('ApiKeyId used on a route without ApiKeyGuard');
  return apiKeyId;
});
