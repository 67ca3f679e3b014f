import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { BudgetSpendService } from './budget-spend.service';
import { BudgetsAdminController, BudgetsTenantController } from './budgets.controller';
import { UsagePricingRepository } from '../common/usage-pricing.repository';
import { BudgetsRepository } from './budgets.repository';
import { BudgetsService } from './budgets.service';

@Module({
  imports: [TenantsModule],
  controllers: [BudgetsAdminController, BudgetsTenantController],
  providers: [BudgetsRepository, UsagePricingRepository, BudgetsService, BudgetSpendService],
  exports: [BudgetSpendService],
})
export class BudgetsModule {}
