import { Controller, Get, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { CallingTenant, TenantOnly } from '../common/audience';
import { TenantPrincipal } from '../common/principal';
import { BudgetAlertsService } from './budget-alerts.service';

/** The thresholds a tenant's budgets reached in their current windows (each alerted once, as budget.threshold_reached). */
@Controller('v1/budget-alerts')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class BudgetAlertsController {
  constructor(private readonly alerts: BudgetAlertsService) {}

  @Get()
  list(@CallingTenant() tenant: TenantPrincipal) {
    return this.alerts.currentWindows(tenant.tenantId);
  }
}
