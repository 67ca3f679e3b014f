import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly, CallingTenant, TenantOnly } from '../common/audience';
import { TenantPrincipal } from '../common/principal';
import { QuotaService } from './quota.service';

@Controller('admin/tenants/:tenantId/quota')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class QuotaAdminController {
  constructor(private readonly quota: QuotaService) {}

  @Get()
  get(@Param('tenantId', ParseUUIDPipe) tenantId: string) {
    return this.quota.current(tenantId);
  }
}

@Controller('v1/quota')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class QuotaTenantController {
  constructor(private readonly quota: QuotaService) {}

  @Get()
  get(@CallingTenant() tenant: TenantPrincipal) {
    return this.quota.current(tenant.tenantId);
  }
}
