import { ZodValidationPipe } from '@llmchain/platform';
import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly, CallingTenant, TenantOnly } from '../common/audience';
import { TenantPrincipal } from '../common/principal';
import { InvoiceUsageQuery, invoiceUsageQuerySchema } from './invoice-usage.dto';
import { InvoiceUsageService } from './invoice-usage.service';

const usageQuery = new ZodValidationPipe(invoiceUsageQuerySchema);

@Controller('admin')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class InvoiceUsageAdminController {
  constructor(private readonly usage: InvoiceUsageService) {}

  @Get('invoices/:invoiceId/usage')
  ofInvoice(@Param('invoiceId', ParseUUIDPipe) invoiceId: string, @Query(usageQuery) query: InvoiceUsageQuery) {
    return this.usage.ofInvoice(invoiceId, query);
  }

  @Get('tenants/:tenantId/invoices/upcoming/usage')
  ofUpcoming(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Query(usageQuery) query: InvoiceUsageQuery) {
    return this.usage.ofUpcoming(tenantId, query);
  }
}

/** A tenant traces its own invoices (not drafts) and its upcoming one; other tenants' invoices answer 404. */
@Controller('v1/invoices')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class InvoiceUsageTenantController {
  constructor(private readonly usage: InvoiceUsageService) {}

  // Declared before ':invoiceId/usage', which would otherwise take "upcoming" for an invoice id.
  @Get('upcoming/usage')
  ofUpcoming(@CallingTenant() tenant: TenantPrincipal, @Query(usageQuery) query: InvoiceUsageQuery) {
    return this.usage.ofUpcoming(tenant.tenantId, query);
  }

  @Get(':invoiceId/usage')
  ofInvoice(@CallingTenant() tenant: TenantPrincipal, @Param('invoiceId', ParseUUIDPipe) invoiceId: string, @Query(usageQuery) query: InvoiceUsageQuery) {
    return this.usage.ofInvoice(invoiceId, query, tenant.tenantId);
  }
}
