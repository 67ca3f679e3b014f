import { ReplicaLease, ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

const DAY_MS = 86_400_000;
/** Rows one statement deletes, so a purge never holds locks on a large part of the log at once. */
const PURGE_BATCH = 5_000;

/**
 * Keeps the delivery log bounded: every WEBHOOK_LOG_PURGE_INTERVAL_MS, settled deliveries older than
 * WEBHOOK_LOG_RETENTION_DAYS go, in batches, with their attempts and the events nothing refers to any more, in one
 * replica per interval (ReplicaLease); deleting what another deleted changes nothing, should a takeover repeat it.
 */
@Injectable()
export class WebhookLogPurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly lease: ReplicaLease,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = this.lease.schedule('webhook-log-purge', this.config.WEBHOOK_LOG_PURGE_INTERVAL_MS, () => this.runOnce(), this.logger);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const cutoff = new Date(Date.now() - this.config.WEBHOOK_LOG_RETENTION_DAYS * DAY_MS);
    try {
      let deleted = PURGE_BATCH;
      while (deleted === PURGE_BATCH) deleted = await this.deliveries.purgeSettled(cutoff, PURGE_BATCH);
    } catch (error) {
      this.logger.error({ err: error }, 'purging the webhook delivery log failed; the next run retries');
    } finally {
      this.running = false;
    }
  }
}
