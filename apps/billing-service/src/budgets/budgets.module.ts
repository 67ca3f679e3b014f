import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { BudgetAlertsController } from './budget-alerts.controller';
import { BudgetAlertsRepository } from './budget-alerts.repository';
import { BudgetAlertsService } from './budget-alerts.service';
import { BudgetSpendService } from './budget-spend.service';
import { BudgetsAdminController, BudgetsTenantController } from './budgets.controller';
import { UsagePricingRepository } from '../common/usage-pricing.repository';
import { BudgetsRepository } from './budgets.repository';
import { BudgetsService } from './budgets.service';

@Module({
  imports: [TenantsModule],
  controllers: [BudgetsAdminController, BudgetsTenantController, BudgetAlertsController],
  providers: [BudgetsRepository, UsagePricingRepository, BudgetsService, BudgetSpendService, BudgetAlertsRepository, BudgetAlertsService],
  exports: [BudgetSpendService],
})
export class BudgetsModule {}
