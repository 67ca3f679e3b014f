import { Module } from '@nestjs/common';
import { UsagePricingRepository } from '../common/usage-pricing.repository';
import { TenantsModule } from '../tenants/tenants.module';
import { CreditAccountService } from './credit-account.service';
import { CreditConsumptionService } from './credit-consumption.service';
import { CreditSweep } from './credit-sweep';
import { CreditsAdminController, CreditsTenantController } from './credits.controller';
import { CreditsRepository } from './credits.repository';
import { CreditsService } from './credits.service';
import { CreditsViewRepository } from './credits-view.repository';

@Module({
  imports: [TenantsModule],
  controllers: [CreditsAdminController, CreditsTenantController],
  providers: [UsagePricingRepository, CreditsRepository, CreditsViewRepository, CreditAccountService, CreditConsumptionService, CreditsService, CreditSweep],
  exports: [CreditsRepository, CreditConsumptionService, CreditsService],
})
export class CreditsModule {}
