import { DATABASE, ReplicaLease, ROOT_LOGGER, TransactionalDb } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { isoDay, utcDay } from '../common/period';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { CreditAccountService, CreditEvent } from './credit-account.service';
import { CreditsRepository } from './credits.repository';

/** Tenants handled per transaction, so one sweep's locks stay short. */
const TENANTS_PER_SWEEP = 100;

/**
 * Every CREDIT_SWEEP_INTERVAL_MS: grants past their expiry leave the balance (what they had left, as an `expire`
 * entry), and tenants whose plan in force became or stopped being prepaid (a subscription that starts or ends on a
 * later day) are enabled or disabled, in one replica per interval (ReplicaLease). Each tenant changes under its
 * account's lock, so a replica taking over a dead one's sweep does each change once.
 */
@Injectable()
export class CreditSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: CreditsRepository,
    private readonly accounts: CreditAccountService,
    private readonly lease: ReplicaLease,
    @Inject(DATABASE) private readonly db: TransactionalDb,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = this.lease.schedule('credit-sweep', this.config.CREDIT_SWEEP_INTERVAL_MS, () => this.runOnce(), this.logger);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async runOnce(now = new Date()): Promise<void> {
    try {
      const expiring = await this.repository.tenantsWithExpiredGrants(this.db, now, TENANTS_PER_SWEEP);
      const mismatched = await this.repository.enforcementMismatches(this.db, isoDay(utcDay(now)), TENANTS_PER_SWEEP);
      for (const tenantId of new Set([...expiring, ...mismatched])) await this.sweepTenant(tenantId, now);
    } catch (error) {
      this.logger.error({ err: error }, 'credit sweep failed; the next run retries');
    }
  }

  private sweepTenant(tenantId: string, now: Date): Promise<void> {
    return this.db.$transaction(async (tx) => {
      const account = (await this.repository.lockAccounts(tx, [tenantId])).get(tenantId)!;
      const events: CreditEvent[] = [];
      await this.accounts.syncEnforcement(tx, account, now, events);
      for (const grant of await this.repository.expiredGrants(tx, tenantId, now)) await this.accounts.endGrant(tx, account, grant, 'expire', now, events);
      await this.accounts.settle(tx, account, events, now);
    });
  }
}
