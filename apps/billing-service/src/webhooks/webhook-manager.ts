import { ForbiddenException } from '@nestjs/common';
import { TenantPrincipal } from '../common/principal';

/**
 * Webhooks carry the tenant's invoices and jobs to any URL, so only who may manage the account configures them: a
 * signed-in tenant user, or an API key with the "keys" scope (never a serving-only key).
 */
export function assertWebhookManager(caller: TenantPrincipal): void {
  if (caller.userId || (caller.apiKeyId && caller.scopes.includes('keys'))) return;
  throw new ForbiddenException('managing webhooks needs a signed-in tenant user or an API key with the "keys" scope');
}
