import { ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { SIGNING_SECRET_BOX, SigningSecretBox } from './signing-secret-box';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt';

/** An attempt's claim lasts twice its time bound (recording its outcome included) before another process takes it over. */
const LEASE_FACTOR = 2;

/**
 * Sends due deliveries from the database, so retries survive restarts and replicas share the work: every
 * WEBHOOK_POLL_INTERVAL_MS, and whenever an attempt ends, it claims as many due deliveries as it has
 * free slots of WEBHOOK_CONCURRENT_DELIVERIES and runs their attempts. Idle without WEBHOOK_SECRET_KEY, since no
 * endpoint can exist then.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private ticking = false;
  private stopped = false;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly attempt: WebhookDeliveryAttempt,
    @Inject(SIGNING_SECRET_BOX) private readonly secrets: SigningSecretBox | null,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.secrets) return;
    this.timer = setInterval(() => void this.tick(), this.config.WEBHOOK_POLL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const free = this.config.WEBHOOK_CONCURRENT_DELIVERIES - this.inFlight.size;
      if (free <= 0) return;
      const claimed = await this.deliveries.claimDue(free, LEASE_FACTOR * this.config.WEBHOOK_ATTEMPT_TIMEOUT_MS);
      for (const delivery of claimed) {
        const running: Promise<void> = this.attempt
          .run(delivery)
          .catch((error) => this.logger.error({ err: error, deliveryId: delivery.id }, 'webhook attempt failed to record; its claim lapses and it is retried'))
          .finally(() => {
            this.inFlight.delete(running);
            void this.tick();
          });
        this.inFlight.add(running);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'claiming due webhook deliveries failed; the next poll retries');
    } finally {
      this.ticking = false;
    }
  }
}
