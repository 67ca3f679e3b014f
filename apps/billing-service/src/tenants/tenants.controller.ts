import { ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { AdminOnly, CallingTenant, TenantOnly } from '../auth/audience';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { TenantPrincipal } from '../common/principal';
import { CreateTenantDto, createTenantSchema, CreateUserDto, createUserSchema } from './tenants.dto';
import { TenantsService } from './tenants.service';

@Controller('admin')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class TenantsAdminController {
  constructor(private readonly tenants: TenantsService) {}

  @Post('tenants')
  create(@Body(new ZodValidationPipe(createTenantSchema)) body: CreateTenantDto) {
    return this.tenants.create(body.name);
  }

  @Get('tenants')
  list() {
    return this.tenants.list();
  }

  @Get('tenants/:tenantId')
  get(@Param('tenantId', ParseUUIDPipe) tenantId: string) {
    return this.tenants.get(tenantId);
  }

  @Post('tenants/:tenantId/users')
  createUser(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(createUserSchema)) body: CreateUserDto) {
    return this.tenants.createUser(tenantId, body.email, body.password);
  }

  @Get('tenants/:tenantId/users')
  listUsers(@Param('tenantId', ParseUUIDPipe) tenantId: string) {
    return this.tenants.listUsers(tenantId);
  }

  @Post('admins')
  createAdmin(@Body(new ZodValidationPipe(createUserSchema)) body: CreateUserDto) {
    return this.tenants.createUser(null, body.email, body.password);
  }

  @Get('admins')
  listAdmins() {
    return this.tenants.listUsers(null);
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
