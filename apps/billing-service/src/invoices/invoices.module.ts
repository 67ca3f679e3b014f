import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { TenantsModule } from '../tenants/tenants.module';
import { InvoiceScheduler } from './invoice-scheduler';
import { InvoicesAdminController, InvoicesTenantController } from './invoices.controller';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesService } from './invoices.service';

@Module({
  imports: [SubscriptionsModule, TenantsModule],
  controllers: [InvoicesAdminController, InvoicesTenantController],
  providers: [InvoicesRepository, InvoicesService, InvoiceScheduler],
})
export class InvoicesModule {}
