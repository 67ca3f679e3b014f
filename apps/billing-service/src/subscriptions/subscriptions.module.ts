import { Module } from '@nestjs/common';
import { CreditsModule } from '../credits/credits.module';
import { PlansModule } from '../plans/plans.module';
import { QuotaModule } from '../quota/quota.module';
import { TenantsModule } from '../tenants/tenants.module';
import { SubscriptionsAdminController, SubscriptionTenantController } from './subscriptions.controller';
import { SubscriptionsRepository } from './subscriptions.repository';
import { SubscriptionsService } from './subscriptions.service';

@Module({
  imports: [PlansModule, QuotaModule, TenantsModule, CreditsModule],
  controllers: [SubscriptionsAdminController, SubscriptionTenantController],
  providers: [SubscriptionsRepository, SubscriptionsService],
  exports: [SubscriptionsRepository],
})
export class SubscriptionsModule {}
