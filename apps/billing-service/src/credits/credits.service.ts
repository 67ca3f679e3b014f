import { DATABASE, ListQuery, SqlExecutor, TransactionalDb } from '@llmchain/platform';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { TenantsService } from '../tenants/tenants.service';
import { CreditAccountService, CreditEvent } from './credit-account.service';
import { CreditHistoryQuery, CreditSettingsDto, GrantCreditsDto } from './credits.dto';
import { isoDay, utcDay } from '../common/period';
import { CreditAccountRow, CreditsRepository, TOKENS } from './credits.repository';
import { CreditsViewRepository } from './credits-view.repository';

/** Grants, voids and settings of tenants' credits, each one transaction with the events it causes. */
@Injectable()
export class CreditsService {
  constructor(
    private readonly repository: CreditsRepository,
    private readonly views: CreditsViewRepository,
    private readonly accounts: CreditAccountService,
    private readonly tenants: TenantsService,
    @Inject(DATABASE) private readonly db: TransactionalDb,
  ) {}

  async grant(tenantId: string, dto: GrantCreditsDto, adminId: string) {
    await this.tenants.get(tenantId);
    const grantId = await this.inAccount(tenantId, async (tx, account, events) => {
      const unit = dto.tokens !== undefined ? TOKENS : await this.moneyUnit(tx, account);
      const amount = dto.tokens ?? dto.amountMinor!;
      return this.accounts.grant(tx, account, { tenantId, unit, amount, priority: dto.priority, expiresAt: dto.expiresAt, reason: dto.reason, source: 'admin', grantedByUserId: adminId }, events);
    });
    return this.views.grant(tenantId, grantId);
  }

  async void(tenantId: string, grantId: string) {
    await this.inAccount(tenantId, async (tx, account, events) => {
      const grant = await this.repository.lockGrant(tx, tenantId, grantId);
      if (!grant) throw new NotFoundException(`credit grant ${grantId} not found for tenant ${tenantId}`);
      if (grant.voidedAt || grant.expiredAt) throw new ConflictException(`credit grant ${grantId} is already ${grant.voidedAt ? 'void' : 'expired'}`);
      await this.accounts.endGrant(tx, account, grant, 'void', new Date(), events);
    });
    return this.views.grant(tenantId, grantId);
  }

  async configure(tenantId: string, dto: CreditSettingsDto) {
    await this.tenants.get(tenantId);
    await this.inAccount(tenantId, async (_tx, account) => {
      account.lowThreshold = dto.lowBalanceThreshold;
      account.topUpThreshold = dto.topUp?.threshold ?? null;
      account.topUpTokens = dto.topUp?.tokens ?? null;
      account.topUpPriceMinor = dto.topUp?.priceMinor ?? null;
    });
    return this.balance(tenantId, { limit: 20 });
  }

  /** Starts or stops enforcement for a tenant whose plan in force changed (in the subscription's transaction). */
  async syncEnforcement(tx: SqlExecutor, tenantId: string, now: Date): Promise<void> {
    const account = (await this.repository.lockAccounts(tx, [tenantId])).get(tenantId)!;
    const events: CreditEvent[] = [];
    await this.accounts.syncEnforcement(tx, account, now, events);
    await this.accounts.settle(tx, account, events, now);
  }

  async balance(tenantId: string, query: CreditHistoryQuery) {
    await this.tenants.get(tenantId);
    return this.views.balance(tenantId, query);
  }

  async listGrants(tenantId: string, query: ListQuery) {
    await this.tenants.get(tenantId);
    return this.views.grants(tenantId, query);
  }

  /** Money credits are in the currency of the plan in force, and an account holds one currency at a time. */
  private async moneyUnit(tx: SqlExecutor, account: CreditAccountRow): Promise<string> {
    const pricing = await this.repository.moneyPricingOn(tx, account.tenantId, isoDay(utcDay(new Date())));
    if (!pricing) throw new ConflictException(`tenant ${account.tenantId} has no plan in force: money credits are granted in its plan's currency, so subscribe it first`);
    if (account.moneyCurrency !== null && account.moneyCurrency !== pricing.currency && account.moneyBalance > 0n) {
      throw new ConflictException(`the tenant's money credits are in ${account.moneyCurrency} but its plan is in ${pricing.currency}: void the ${account.moneyCurrency} grants first`);
    }
    return pricing.currency;
  }

  private inAccount<R>(tenantId: string, change: (tx: SqlExecutor, account: CreditAccountRow, events: CreditEvent[]) => Promise<R>): Promise<R> {
    return this.db.$transaction(async (tx) => {
      const account = (await this.repository.lockAccounts(tx, [tenantId])).get(tenantId)!;
      const events: CreditEvent[] = [];
      const now = new Date();
      await this.accounts.syncEnforcement(tx, account, now, events);
      const result = await change(tx, account, events);
      await this.accounts.settle(tx, account, events, now);
      return result;
    });
  }
}
