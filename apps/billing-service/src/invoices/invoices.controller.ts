import { ListQuery, listQuerySchema, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly, CallingTenant, TenantOnly } from '../common/audience';
import { periodOf, previousPeriod } from '../common/period';
import { TenantPrincipal } from '../common/principal';
import { renderInvoiceHtml } from './invoice-html';
import { renderInvoicePdf } from './invoice-pdf';
import { GenerateInvoiceDto, generateInvoiceSchema, InvoiceRunDto, invoiceRunSchema, ListInvoicesQuery, listInvoicesQuerySchema } from './invoices.dto';
import { InvoicesService } from './invoices.service';

@Controller('admin/invoices')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class InvoicesAdminController {
  constructor(private readonly invoices: InvoicesService) {}

  /** 201 with the new draft, or 200 with the invoice the period already has. */
  @Post()
  async generate(@Body(new ZodValidationPipe(generateInvoiceSchema)) body: GenerateInvoiceDto, @Res({ passthrough: true }) res: { status(code: number): unknown }) {
    const { invoice, created } = await this.invoices.generate(body.tenantId, body.period);
    res.status(created ? 201 : 200);
    return invoice;
  }

  /** The monthly run on demand (last month unless a period is given). */
  @Post('run')
  run(@Body(new ZodValidationPipe(invoiceRunSchema)) body: InvoiceRunDto) {
    return this.invoices.generateDue(body.period ?? previousPeriod(periodOf(new Date())));
  }

  @Get()
  list(@Query(new ZodValidationPipe(listInvoicesQuerySchema)) { tenantId, period, status, ...page }: ListInvoicesQuery) {
    return this.invoices.list({ tenantId, period, status, tenantView: false }, page);
  }

  @Get(':invoiceId')
  get(@Param('invoiceId', ParseUUIDPipe) id: string) {
    return this.invoices.get(id);
  }

  @Get(':invoiceId/html')
  @Header('content-type', 'text/html; charset=utf-8')
  async html(@Param('invoiceId', ParseUUIDPipe) id: string) {
    return renderInvoiceHtml(await this.invoices.get(id));
  }

  @Get(':invoiceId/pdf')
  @Header('content-type', 'application/pdf')
  async pdf(@Param('invoiceId', ParseUUIDPipe) id: string) {
    return new StreamableFile(await renderInvoicePdf(await this.invoices.get(id)));
  }

  @Post(':invoiceId/issue')
  issue(@Param('invoiceId', ParseUUIDPipe) id: string) {
    return this.invoices.issue(id);
  }

  @Post(':invoiceId/pay')
  pay(@Param('invoiceId', ParseUUIDPipe) id: string) {
    return this.invoices.markPaid(id);
  }

  @Post(':invoiceId/void')
  void(@Param('invoiceId', ParseUUIDPipe) id: string) {
    return this.invoices.void(id);
  }
}

@Controller('admin/tenants/:tenantId/invoices')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class TenantInvoicesAdminController {
  constructor(private readonly invoices: InvoicesService) {}

  /** What the tenant's invoice for the open period would be if no more usage arrived; writes nothing. */
  @Get('upcoming')
  upcoming(@Param('tenantId', ParseUUIDPipe) tenantId: string) {
    return this.invoices.upcoming(tenantId);
  }
}

/** Tenants see their issued, paid and void invoices; drafts and other tenants' invoices answer 404. */
@Controller('v1/invoices')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class InvoicesTenantController {
  constructor(private readonly invoices: InvoicesService) {}

  /** The open period's invoice so far. Declared before ':invoiceId', which would otherwise take "upcoming" for an id. */
  @Get('upcoming')
  upcoming(@CallingTenant() tenant: TenantPrincipal) {
    return this.invoices.upcoming(tenant.tenantId);
  }

  @Get()
  list(@CallingTenant() tenant: TenantPrincipal, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return this.invoices.list({ tenantId: tenant.tenantId, tenantView: true }, query);
  }

  @Get(':invoiceId')
  get(@CallingTenant() tenant: TenantPrincipal, @Param('invoiceId', ParseUUIDPipe) id: string) {
    return this.invoices.get(id, tenant.tenantId);
  }

  @Get(':invoiceId/html')
  @Header('content-type', 'text/html; charset=utf-8')
  async html(@CallingTenant() tenant: TenantPrincipal, @Param('invoiceId', ParseUUIDPipe) id: string) {
    return renderInvoiceHtml(await this.invoices.get(id, tenant.tenantId));
  }

  @Get(':invoiceId/pdf')
  @Header('content-type', 'application/pdf')
  async pdf(@CallingTenant() tenant: TenantPrincipal, @Param('invoiceId', ParseUUIDPipe) id: string) {
    return new StreamableFile(await renderInvoicePdf(await this.invoices.get(id, tenant.tenantId)));
  }
}
