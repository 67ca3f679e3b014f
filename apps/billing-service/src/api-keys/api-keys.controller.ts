import { ListQuery, listQuerySchema, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly, CallingAdminId, CallingTenant, TenantOnly } from '../common/audience';
import { TenantPrincipal } from '../common/principal';
import { CreateApiKeyDto, createApiKeySchema } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';
import { assertGrantable, keyManagerOf } from './key-minter';

@Controller('admin/tenants/:tenantId/api-keys')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class ApiKeysAdminController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  create(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(createApiKeySchema)) body: CreateApiKeyDto, @CallingAdminId() adminId: string) {
    return this.apiKeys.create(tenantId, body, { userId: adminId, apiKeyId: null });
  }

  @Get()
  list(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return this.apiKeys.list(tenantId, query);
  }

  @Post(':keyId/revoke')
  revoke(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('keyId', ParseUUIDPipe) keyId: string) {
    return this.apiKeys.revoke(tenantId, keyId);
  }
}

@Controller('v1/api-keys')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class ApiKeysTenantController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  create(@CallingTenant() tenant: TenantPrincipal, @Body(new ZodValidationPipe(createApiKeySchema)) body: CreateApiKeyDto) {
    const minter = keyManagerOf(tenant);
    assertGrantable(tenant, body.scopes);
    return this.apiKeys.create(tenant.tenantId, body, minter);
  }

  @Get()
  list(@CallingTenant() tenant: TenantPrincipal, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    keyManagerOf(tenant);
    return this.apiKeys.list(tenant.tenantId, query);
  }

  @Post(':keyId/revoke')
  revoke(@CallingTenant() tenant: TenantPrincipal, @Param('keyId', ParseUUIDPipe) keyId: string) {
    keyManagerOf(tenant);
    return this.apiKeys.revoke(tenant.tenantId, keyId);
  }
}
