import { ReplicaLease, ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { periodOf, previousPeriod } from '../common/period';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { InvoicesService } from './invoices.service';

/**
 * Generates last month's missing draft invoices every INVOICE_RUN_INTERVAL_MS (an hour by default; admins can run it
 * at once with POST /admin/invoices/run), in one replica per interval (ReplicaLease). Generation is idempotent per
 * tenant and period, so a replica that takes over a dead one's run, or a restart mid-run, does no harm.
 */
@Injectable()
export class InvoiceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly invoices: InvoicesService,
    private readonly lease: ReplicaLease,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = this.lease.schedule('invoice-run', this.config.INVOICE_RUN_INTERVAL_MS, () => this.runOnce(), this.logger);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async runOnce(now = new Date()): Promise<void> {
    try {
      const result = await this.invoices.generateDue(previousPeriod(periodOf(now)), now);
      if (result.generated > 0) this.logger.info(result, 'monthly invoice run');
    } catch (error) {
      this.logger.error({ err: error }, 'monthly invoice run failed; the next run retries');
    }
  }
}
