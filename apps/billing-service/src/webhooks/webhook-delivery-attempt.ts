import { ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { nextAttemptAt, RetryPolicy } from './retry-schedule';
import { SIGNING_SECRET_BOX, SigningSecretBox } from './signing-secret-box';
import { ClaimedDelivery, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookSecretReseal } from './webhook-secret-reseal';
import { publicEventId } from './webhook-payload';
import { postWebhook } from './webhook-post';
import { signedHeaders } from './webhook-signature';

/**
 * One attempt of one claimed delivery: signed afresh (the current secret, and the previous one during a rotation's
 * overlap), POSTed, logged, and the delivery moved on: succeeded on a 2xx, otherwise retried with backoff until the
 * retry window ends. Failures extend the endpoint's failure run, which disables it when long enough.
 */
@Injectable()
export class WebhookDeliveryAttempt {
  private readonly retryPolicy: RetryPolicy;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    @Inject(SIGNING_SECRET_BOX) private readonly secrets: SigningSecretBox | null,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly reseal: WebhookSecretReseal,
  ) {
    this.retryPolicy = { baseMs: config.WEBHOOK_RETRY_BASE_MS, maxDelayMs: config.WEBHOOK_RETRY_MAX_DELAY_MS, windowMs: config.WEBHOOK_RETRY_WINDOW_MS };
  }

  async run(delivery: ClaimedDelivery): Promise<void> {
    const endpoint = await this.endpoints.target(delivery.endpointId);
    if (!endpoint || !this.secrets) return;
    const trigger = delivery.runAttempts === 0 && delivery.attempts > 0 ? 'manual' : 'scheduled';
    const attemptedAt = new Date();
    const secrets = [this.secrets.open(endpoint.secretCiphertext, endpoint.id)];
    if (endpoint.previousSecretCiphertext && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > attemptedAt) {
      secrets.push(this.secrets.open(endpoint.previousSecretCiphertext, endpoint.id));
    }
    // Opened under an old key (WEBHOOK_SECRET_KEY was rotated): sealed again under the current one.
    await this.reseal.reseal({ id: endpoint.id, secretCiphertext: endpoint.secretCiphertext, previousSecretCiphertext: endpoint.previousSecretCiphertext });
    const headers = signedHeaders(publicEventId(delivery.eventId), attemptedAt, delivery.body, secrets);
    const outcome = await postWebhook(new URL(endpoint.url), headers, delivery.body, {
      timeoutMs: this.config.WEBHOOK_ATTEMPT_TIMEOUT_MS,
      maxResponseBytes: this.config.WEBHOOK_RESPONSE_MAX_BYTES,
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    });
    const finishedAt = new Date();
    const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    await this.deliveries.recordAttempt(
      delivery.id,
      { trigger, attemptedAt, durationMs: finishedAt.getTime() - attemptedAt.getTime(), responseStatus: outcome.status, responseBody: outcome.body, error: outcome.error },
      ({ runAttempts, runStartedAt }) => {
        if (succeeded) return { status: 'succeeded', nextAttemptAt: null };
        const next = nextAttemptAt(this.retryPolicy, runAttempts, runStartedAt, finishedAt);
        return next ? { status: 'pending', nextAttemptAt: next } : { status: 'failed', nextAttemptAt: null };
      },
    );
    if (succeeded) return this.endpoints.recordSuccess(endpoint.id);
    if (await this.endpoints.recordFailure(endpoint.id, finishedAt, this.config.WEBHOOK_DISABLE_AFTER_MS)) {
      this.logger.warn({ endpointId: endpoint.id }, 'webhook endpoint disabled: every attempt failed for WEBHOOK_DISABLE_AFTER_MS');
    }
  }
}
