import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly, CallingTenant, TenantOnly } from '../common/audience';
import { TenantPrincipal } from '../common/principal';
import { TenantsService } from '../tenants/tenants.service';
import { UsageService } from './usage.service';

@Controller('admin/tenants/:tenantId/usage')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class UsageAdminController {
  constructor(
    private readonly usage: UsageService,
    private readonly tenants: TenantsService,
  ) {}

  @Get()
  async get(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Query('period') period?: string) {
    await this.tenants.get(tenantId);
    return this.usage.report(tenantId, period);
  }
}

@Controller('v1/usage')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class UsageTenantController {
  constructor(private readonly usage: UsageService) {}

  /** This period's usage unless ?period=YYYY-MM asks for another. */
  @Get()
  get(@CallingTenant() tenant: TenantPrincipal, @Query('period') period?: string) {
    return this.usage.report(tenant.tenantId, period);
  }
}
