import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { TenantsModule } from '../tenants/tenants.module';
import { InvoiceUsageAdminController, InvoiceUsageTenantController } from './invoice-usage.controller';
import { InvoiceUsageRepository } from './invoice-usage.repository';
import { InvoiceUsageService } from './invoice-usage.service';

@Module({
  imports: [InvoicesModule, TenantsModule],
  controllers: [InvoiceUsageAdminController, InvoiceUsageTenantController],
  providers: [InvoiceUsageRepository, InvoiceUsageService],
})
export class InvoiceUsageModule {}
