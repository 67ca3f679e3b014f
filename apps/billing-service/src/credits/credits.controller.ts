import { ListQuery, listQuerySchema, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly, CallingAdminId, CallingTenant, TenantOnly } from '../common/audience';
import { TenantPrincipal } from '../common/principal';
import { CreditHistoryQuery, creditHistoryQuerySchema, CreditSettingsDto, creditSettingsSchema, GrantCreditsDto, grantCreditsSchema } from './credits.dto';
import { CreditsService } from './credits.service';

@Controller('admin/tenants/:tenantId/credits')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class CreditsAdminController {
  constructor(private readonly credits: CreditsService) {}

  @Get()
  balance(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Query(new ZodValidationPipe(creditHistoryQuerySchema)) query: CreditHistoryQuery) {
    return this.credits.balance(tenantId, query);
  }

  @Post('grants')
  grant(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(grantCreditsSchema)) body: GrantCreditsDto, @CallingAdminId() adminId: string) {
    return this.credits.grant(tenantId, body, adminId);
  }

  @Get('grants')
  grants(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return this.credits.listGrants(tenantId, query);
  }

  @Post('grants/:grantId/void')
  void(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('grantId', ParseUUIDPipe) grantId: string) {
    return this.credits.void(tenantId, grantId);
  }

  @Put('settings')
  configure(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(creditSettingsSchema)) body: CreditSettingsDto) {
    return this.credits.configure(tenantId, body);
  }
}

@Controller('v1/credits')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class CreditsTenantController {
  constructor(private readonly credits: CreditsService) {}

  @Get()
  balance(@CallingTenant() tenant: TenantPrincipal, @Query(new ZodValidationPipe(creditHistoryQuerySchema)) query: CreditHistoryQuery) {
    return this.credits.balance(tenant.tenantId, query);
  }
}
