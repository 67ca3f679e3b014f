import { ListQuery, listQuerySchema, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { CallingTenant, TenantOnly } from '../common/audience';
import { TenantPrincipal } from '../common/principal';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WEBHOOK_EVENT_TYPES } from './webhook-event-sources';
import { assertWebhookManager } from './webhook-manager';
import {
  CreateEndpointDto,
  createEndpointSchema,
  DeliveryListQuery,
  deliveryListQuerySchema,
  RotateSecretDto,
  rotateSecretSchema,
  UpdateEndpointDto,
  updateEndpointSchema,
} from './webhooks.dto';

/** A tenant's webhook endpoints, their secrets and their delivery logs. */
@Controller('v1/webhooks')
@TenantOnly()
@UseGuards(BillingAuthGuard)
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Get('event-types')
  eventTypes() {
    return { object: 'list', data: WEBHOOK_EVENT_TYPES };
  }

  @Post('endpoints')
  create(@CallingTenant() tenant: TenantPrincipal, @Body(new ZodValidationPipe(createEndpointSchema)) body: CreateEndpointDto) {
    assertWebhookManager(tenant);
    return this.endpoints.create(tenant.tenantId, body);
  }

  @Get('endpoints')
  list(@CallingTenant() tenant: TenantPrincipal, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    assertWebhookManager(tenant);
    return this.endpoints.list(tenant.tenantId, query);
  }

  @Get('endpoints/:id')
  get(@CallingTenant() tenant: TenantPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    assertWebhookManager(tenant);
    return this.endpoints.get(tenant.tenantId, id);
  }

  @Patch('endpoints/:id')
  update(@CallingTenant() tenant: TenantPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(updateEndpointSchema)) body: UpdateEndpointDto) {
    assertWebhookManager(tenant);
    return this.endpoints.update(tenant.tenantId, id, body);
  }

  @Post('endpoints/:id/disable')
  @HttpCode(200)
  disable(@CallingTenant() tenant: TenantPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    assertWebhookManager(tenant);
    return this.endpoints.disable(tenant.tenantId, id);
  }

  @Post('endpoints/:id/enable')
  @HttpCode(200)
  enable(@CallingTenant() tenant: TenantPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    assertWebhookManager(tenant);
    return this.endpoints.enable(tenant.tenantId, id);
  }

  @Delete('endpoints/:id')
  @HttpCode(204)
  delete(@CallingTenant() tenant: TenantPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    assertWebhookManager(tenant);
    return this.endpoints.delete(tenant.tenantId, id);
  }

  @Post('endpoints/:id/rotate-secret')
  @HttpCode(200)
  rotateSecret(@CallingTenant() tenant: TenantPrincipal, @Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(rotateSecretSchema)) body: RotateSecretDto) {
    assertWebhookManager(tenant);
    return this.endpoints.rotateSecret(tenant.tenantId, id, body);
  }

  @Get('endpoints/:id/deliveries')
  deliveryLog(@CallingTenant() tenant: TenantPrincipal, @Param('id', ParseUUIDPipe) id: string, @Query(new ZodValidationPipe(deliveryListQuerySchema)) query: DeliveryListQuery) {
    assertWebhookManager(tenant);
    return this.deliveries.list(tenant.tenantId, id, query);
  }

  @Get('endpoints/:id/deliveries/:deliveryId')
  delivery(@CallingTenant() tenant: TenantPrincipal, @Param('id', ParseUUIDPipe) id: string, @Param('deliveryId', ParseUUIDPipe) deliveryId: string) {
    assertWebhookManager(tenant);
    return this.deliveries.get(tenant.tenantId, id, deliveryId);
  }

  @Post('endpoints/:id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  redeliver(@CallingTenant() tenant: TenantPrincipal, @Param('id', ParseUUIDPipe) id: string, @Param('deliveryId', ParseUUIDPipe) deliveryId: string) {
    assertWebhookManager(tenant);
    return this.deliveries.redeliver(tenant.tenantId, id, deliveryId);
  }
}
