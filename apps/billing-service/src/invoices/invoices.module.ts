import { Module } from '@nestjs/common';
import { CreditsModule } from '../credits/credits.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { TenantsModule } from '../tenants/tenants.module';
import { InvoiceComputation } from './invoice-computation.service';
import { InvoiceScheduler } from './invoice-scheduler';
import { InvoicesAdminController, InvoicesTenantController, TenantInvoicesAdminController } from './invoices.controller';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesService } from './invoices.service';

@Module({
  imports: [SubscriptionsModule, TenantsModule, CreditsModule],
  controllers: [InvoicesAdminController, TenantInvoicesAdminController, InvoicesTenantController],
  providers: [InvoicesRepository, InvoiceComputation, InvoicesService, InvoiceScheduler],
  exports: [InvoiceComputation, InvoicesService],
})
export class InvoicesModule {}
