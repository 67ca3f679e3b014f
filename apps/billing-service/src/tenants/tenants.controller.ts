import { ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly, CallingTenant, TenantOnly } from '../common/audience';
import { TenantPrincipal } from '../common/principal';
import { TenantLifecycleService } from './tenant-lifecycle.service';
import {
  CreateTenantDto,
  createTenantSchema,
  ListTenantsQuery,
  listTenantsQuerySchema,
  ReactivateTenantDto,
  reactivateTenantSchema,
  SuspendTenantDto,
  suspendTenantSchema,
  UpdateTenantDto,
  updateTenantSchema,
} from './tenants.dto';
import { TenantsService } from './tenants.service';

@Controller('admin/tenants')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class TenantsAdminController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly lifecycle: TenantLifecycleService,
  ) {}

  @Post()
  create(@Body(new ZodValidationPipe(createTenantSchema)) body: CreateTenantDto) {
    return this.tenants.create(body);
  }

  @Get()
  list(@Query(new ZodValidationPipe(listTenantsQuerySchema)) { status, q, ...page }: ListTenantsQuery) {
    return this.tenants.list({ status, q }, page);
  }

  @Get(':tenantId')
  get(@Param('tenantId', ParseUUIDPipe) tenantId: string) {
    return this.tenants.get(tenantId);
  }

  @Patch(':tenantId')
  update(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(updateTenantSchema)) body: UpdateTenantDto) {
    return this.tenants.update(tenantId, body);
  }

  /** 409 when billing holds usage or invoices of the tenant: suspend it instead. */
  @Delete(':tenantId')
  @HttpCode(204)
  async delete(@Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<void> {
    await this.lifecycle.delete(tenantId);
  }

  @Post(':tenantId/suspend')
  @HttpCode(200)
  suspend(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(suspendTenantSchema)) body: SuspendTenantDto) {
    return this.lifecycle.suspend(tenantId, body.reason);
  }

  @Post(':tenantId/reactivate')
  @HttpCode(200)
  reactivate(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(reactivateTenantSchema)) body: ReactivateTenantDto) {
    return this.lifecycle.reactivate(tenantId, body.reason);
  }
}

@Controller('v1/tenant')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class TenantSelfController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  get(@CallingTenant() tenant: TenantPrincipal) {
    return this.tenants.get(tenant.tenantId);
  }
}
