import { ListQuery, listQuerySchema, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly, CallingTenant, TenantOnly } from '../common/audience';
import { mapList } from '../common/list-page';
import { TenantPrincipal } from '../common/principal';
import { CancelSubscriptionDto, cancelSubscriptionSchema, ChangeSubscriptionDto, changeSubscriptionSchema } from './subscriptions.dto';
import { subscriptionView as view } from './subscription-view';
import { SubscriptionsService } from './subscriptions.service';

@Controller('admin/tenants/:tenantId')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class SubscriptionsAdminController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  /** Subscribes the tenant, or moves it to another plan from startsOn (prorated by day). */
  @Put('subscription')
  async change(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(changeSubscriptionSchema)) body: ChangeSubscriptionDto) {
    return view(await this.subscriptions.change(tenantId, body));
  }

  @Post('subscription/cancel')
  async cancel(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body(new ZodValidationPipe(cancelSubscriptionSchema)) body: CancelSubscriptionDto) {
    return view(await this.subscriptions.cancel(tenantId, body.endsOn));
  }

  @Get('subscriptions')
  async history(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return mapList(await this.subscriptions.history(tenantId, query), view);
  }
}

@Controller('v1/subscription')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class SubscriptionTenantController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  async current(@CallingTenant() tenant: TenantPrincipal) {
    return view(await this.subscriptions.current(tenant.tenantId));
  }
}
