import { ListQuery, listQuerySchema, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly, CallingAdminId } from '../common/audience';
import { CreateUserDto, createUserSchema, ResetPasswordDto, resetPasswordSchema, UpdateUserDto, updateUserSchema } from './users.dto';
import { UsersService } from './users.service';

/** A tenant's users: people of the tenant who log in to see its keys, usage and invoices. */
@Controller('admin/tenants/:tenantId/users')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class TenantUsersAdminController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(createUserSchema)) body: CreateUserDto) {
    return this.users.create(tenantId, body.email, body.password);
  }

  @Get()
  list(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return this.users.list(tenantId, query);
  }

  @Get(':userId')
  get(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('userId', ParseUUIDPipe) userId: string) {
    return this.users.get(tenantId, userId);
  }

  @Patch(':userId')
  update(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('userId', ParseUUIDPipe) userId: string, @Body(new ZodValidationPipe(updateUserSchema)) body: UpdateUserDto) {
    return this.users.update(tenantId, userId, body);
  }

  @Post(':userId/deactivate')
  @HttpCode(200)
  deactivate(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('userId', ParseUUIDPipe) userId: string, @CallingAdminId() callerId: string) {
    return this.users.deactivate(tenantId, userId, callerId);
  }

  @Post(':userId/reactivate')
  @HttpCode(200)
  reactivate(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('userId', ParseUUIDPipe) userId: string) {
    return this.users.reactivate(tenantId, userId);
  }

  @Post(':userId/password')
  @HttpCode(200)
  resetPassword(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('userId', ParseUUIDPipe) userId: string, @Body(new ZodValidationPipe(resetPasswordSchema)) body: ResetPasswordDto) {
    return this.users.resetPassword(tenantId, userId, body);
  }

  @Delete(':userId')
  @HttpCode(204)
  async delete(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('userId', ParseUUIDPipe) userId: string, @CallingAdminId() callerId: string): Promise<void> {
    await this.users.delete(tenantId, userId, callerId);
  }
}

/** Platform admins. An admin cannot deactivate or delete themselves, so one active admin always remains. */
@Controller('admin/admins')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class AdminsController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@Body(new ZodValidationPipe(createUserSchema)) body: CreateUserDto) {
    return this.users.create(null, body.email, body.password);
  }

  @Get()
  list(@Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return this.users.list(null, query);
  }

  @Get(':userId')
  get(@Param('userId', ParseUUIDPipe) userId: string) {
    return this.users.get(null, userId);
  }

  @Patch(':userId')
  update(@Param('userId', ParseUUIDPipe) userId: string, @Body(new ZodValidationPipe(updateUserSchema)) body: UpdateUserDto) {
    return this.users.update(null, userId, body);
  }

  @Post(':userId/deactivate')
  @HttpCode(200)
  deactivate(@Param('userId', ParseUUIDPipe) userId: string, @CallingAdminId() callerId: string) {
    return this.users.deactivate(null, userId, callerId);
  }

  @Post(':userId/reactivate')
  @HttpCode(200)
  reactivate(@Param('userId', ParseUUIDPipe) userId: string) {
    return this.users.reactivate(null, userId);
  }

  @Post(':userId/password')
  @HttpCode(200)
  resetPassword(@Param('userId', ParseUUIDPipe) userId: string, @Body(new ZodValidationPipe(resetPasswordSchema)) body: ResetPasswordDto) {
    return this.users.resetPassword(null, userId, body);
  }

  @Delete(':userId')
  @HttpCode(204)
  async delete(@Param('userId', ParseUUIDPipe) userId: string, @CallingAdminId() callerId: string): Promise<void> {
    await this.users.delete(null, userId, callerId);
  }
}
