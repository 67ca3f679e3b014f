import { Module } from '@nestjs/common';
import { BatchConsumers } from '../common/batch-consumers';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { SIGNING_SECRET_BOX, SigningSecretBox } from './signing-secret-box';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookEventConsumer } from './webhook-event.consumer';
import { WebhookLogPurge } from './webhook-log-purge';
import { WebhookSecretReseal } from './webhook-secret-reseal';
import { WebhookSecretsRepository } from './webhook-secrets.repository';
import { WebhooksController } from './webhooks.controller';

@Module({
  controllers: [WebhooksController],
  providers: [
    {
      provide: SIGNING_SECRET_BOX,
      useFactory: (config: BillingConfig) =>
        config.WEBHOOK_SECRET_KEY ? new SigningSecretBox(Buffer.from(config.WEBHOOK_SECRET_KEY, 'base64'), config.WEBHOOK_SECRET_PREVIOUS_KEYS.map((key) => Buffer.from(key, 'base64'))) : null,
      inject: [BILLING_CONFIG],
    },
    WebhookEndpointsRepository,
    WebhookDeliveriesRepository,
    WebhookEndpointsService,
    WebhookDeliveriesService,
    WebhookDeliveryAttempt,
    WebhookDispatcher,
    WebhookLogPurge,
    WebhookSecretsRepository,
    WebhookSecretReseal,
    BatchConsumers,
    WebhookEventConsumer,
  ],
})
export class WebhooksModule {}
