import { ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly, CallingTenant, TenantOnly } from '../common/audience';
import { TenantPrincipal } from '../common/principal';
import { CreateBudgetDto, createBudgetSchema } from './budgets.dto';
import { BudgetsService } from './budgets.service';

@Controller('admin/tenants/:tenantId/budgets')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class BudgetsAdminController {
  constructor(private readonly budgets: BudgetsService) {}

  @Post()
  create(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(createBudgetSchema)) body: CreateBudgetDto) {
    return this.budgets.create(tenantId, body);
  }

  @Get()
  list(@Param('tenantId', ParseUUIDPipe) tenantId: string) {
    return this.budgets.list(tenantId);
  }

  @Get(':budgetId')
  get(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('budgetId', ParseUUIDPipe) budgetId: string) {
    return this.budgets.get(tenantId, budgetId);
  }

  @Delete(':budgetId')
  @HttpCode(204)
  delete(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('budgetId', ParseUUIDPipe) budgetId: string) {
    return this.budgets.delete(tenantId, budgetId);
  }
}

/** Tenants manage their own budgets, as OpenAI's project budgets and LiteLLM's key budgets allow. */
@Controller('v1/budgets')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class BudgetsTenantController {
  constructor(private readonly budgets: BudgetsService) {}

  @Post()
  create(@CallingTenant() tenant: TenantPrincipal, @Body(new ZodValidationPipe(createBudgetSchema)) body: CreateBudgetDto) {
    return this.budgets.create(tenant.tenantId, body);
  }

  @Get()
  list(@CallingTenant() tenant: TenantPrincipal) {
    return this.budgets.list(tenant.tenantId);
  }

  @Get(':budgetId')
  get(@CallingTenant() tenant: TenantPrincipal, @Param('budgetId', ParseUUIDPipe) budgetId: string) {
    return this.budgets.get(tenant.tenantId, budgetId);
  }

  @Delete(':budgetId')
  @HttpCode(204)
  delete(@CallingTenant() tenant: TenantPrincipal, @Param('budgetId', ParseUUIDPipe) budgetId: string) {
    return this.budgets.delete(tenant.tenantId, budgetId);
  }
}
