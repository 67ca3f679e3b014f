import { TOPICS } from '@llmchain/contracts';
import { NewEvent, OutboxWriter, SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { isoDay, periodOf, utcDay } from '../common/period';
import { CreditAccountRow, CreditsRepository, NewGrant, TOKENS } from './credits.repository';
import { liveTokensOf } from './money-pricing';

export type CreditEvent = NewEvent<typeof TOPICS.creditLow | typeof TOPICS.creditBalanceChanged>;

/**
 * The rules every change to a locked credit account ends with, in the caller's transaction: the low-balance alert
 * and the automatic top-up fire once per crossing below their thresholds (re-armed at or above them), and serving
 * and training hear of every balance change they did not make themselves (`credit.balance.changed`).
 */
@Injectable()
export class CreditAccountService {
  constructor(
    private readonly repository: CreditsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * A new grant: balance, history and (when enforced) the live balance, in one transaction. A money grant's
   * currency must be the account's (callers check it against the plan's); the live balance hears of money in
   * `settle`.
   */
  async grant(tx: SqlExecutor, account: CreditAccountRow, grant: NewGrant, events: CreditEvent[]): Promise<string> {
    const grantId = await this.repository.insertGrant(tx, grant);
    if (grant.unit !== TOKENS && account.moneyCurrency !== grant.unit) {
      // A new currency starts afresh: the fraction carried was of the old one.
      account.moneyCurrency = grant.unit;
      account.moneyCarry = 0n;
    }
    const balanceAfter = this.change(account, grant.unit, grant.amount);
    await this.repository.insertTransactions(tx, [{ tenantId: account.tenantId, grantId, kind: 'grant', unit: grant.unit, amount: grant.amount, balanceAfter, period: null, meter: null }]);
    if (grant.unit === TOKENS) this.tellLive(account, grant.amount, `${grant.source === 'top_up' ? 'automatic top-up' : 'grant'} ${grantId}`, events);
    return grantId;
  }

  /** A void or an expiry: what the grant had left leaves the balance now; what was drawn from it stays drawn. */
  async endGrant(tx: SqlExecutor, account: CreditAccountRow, grant: { id: string; unit: string; remaining: bigint }, how: 'void' | 'expire', now: Date, events: CreditEvent[]): Promise<void> {
    await this.repository.endGrant(tx, grant.id, how === 'void' ? 'voided_at' : 'expired_at', now);
    const balanceAfter = this.change(account, grant.unit, -grant.remaining);
    await this.repository.insertTransactions(tx, [{ tenantId: account.tenantId, grantId: grant.id, kind: how, unit: grant.unit, amount: -grant.remaining, balanceAfter, period: null, meter: null }]);
    if (grant.unit === TOKENS) this.tellLive(account, -grant.remaining, `grant ${grant.id} ${how === 'void' ? 'voided' : 'expired'}`, events);
  }

  /** Adds to the token or the money balance; answers the balance after. */
  private change(account: CreditAccountRow, unit: string, amount: bigint): bigint {
    if (unit === TOKENS) return (account.balance += amount);
    return (account.moneyBalance += amount);
  }

  /** Adds a live-balance change for serving and training, if they enforce this tenant's balance. */
  tellLive(account: CreditAccountRow, tokens: bigint, reason: string, events: CreditEvent[]): void {
    if (!account.enforced || tokens === 0n) return;
    events.push({ topic: TOPICS.creditBalanceChanged, key: account.tenantId, data: { tenantId: account.tenantId, change: 'adjust', tokens: Number(tokens), reason } });
  }

  /**
   * Starts or stops enforcement when the plan in force today says otherwise: `enable` hands serving the whole
   * balance, `disable` lifts the stop.
   */
  async syncEnforcement(tx: SqlExecutor, account: CreditAccountRow, now: Date, events: CreditEvent[]): Promise<void> {
    const prepaid = await this.repository.prepaidOn(tx, account.tenantId, isoDay(utcDay(now)));
    if (prepaid === account.enforced) return;
    account.enforced = prepaid;
    // `enable` hands over the token balance; `settle` then adds what the money stands for.
    account.liveMoneyTokens = 0n;
    const data = prepaid
      ? { tenantId: account.tenantId, change: 'enable' as const, tokens: Number(account.balance), reason: 'the plan in force is prepaid' }
      : { tenantId: account.tenantId, change: 'disable' as const, tokens: 0, reason: 'the plan in force is not prepaid' };
    events.push({ topic: TOPICS.creditBalanceChanged, key: account.tenantId, data });
  }

  /**
   * Tells the live balance what the money balance now stands for in tokens (at the plan in force's dearest token,
   * see money-pricing.ts), as the difference from what it was told before.
   */
  private async tellLiveMoney(tx: SqlExecutor, account: CreditAccountRow, now: Date, events: CreditEvent[]): Promise<void> {
    if (!account.enforced || (account.moneyBalance === 0n && account.liveMoneyTokens === 0n)) return;
    const pricing = await this.repository.moneyPricingOn(tx, account.tenantId, isoDay(utcDay(now)));
    const stands = liveTokensOf(account.moneyBalance, pricing?.currency === account.moneyCurrency ? pricing : null);
    this.tellLive(account, stands - account.liveMoneyTokens, `money credits: ${account.moneyBalance} ${account.moneyCurrency} pay for ${stands} tokens`, events);
    account.liveMoneyTokens = stands;
  }

  /** Alerts, top-up, the money's live tokens, then saves the account and writes the events gathered. */
  async settle(tx: SqlExecutor, account: CreditAccountRow, events: CreditEvent[], now: Date): Promise<void> {
    if (account.lowThreshold !== null) {
      if (account.balance >= account.lowThreshold) account.lowAlerted = false;
      else if (!account.lowAlerted) {
        account.lowAlerted = true;
        events.push({
          topic: TOPICS.creditLow,
          key: account.tenantId,
          data: { tenantId: account.tenantId, balance: Number(account.balance), threshold: Number(account.lowThreshold), unit: 'tokens' },
        });
      }
    }
    if (account.topUpThreshold !== null && account.topUpTokens !== null) {
      if (account.balance >= account.topUpThreshold) account.topUpFired = false;
      else if (!account.topUpFired) {
        account.topUpFired = true;
        const tokens = account.topUpTokens;
        const grantId = await this.grant(tx, account, { tenantId: account.tenantId, unit: TOKENS, amount: tokens, priority: 0, expiresAt: null, reason: 'automatic top-up', source: 'top_up', grantedByUserId: null }, events);
        await this.repository.insertPurchase(tx, { tenantId: account.tenantId, grantId, period: periodOf(now), tokens, amountMinor: account.topUpPriceMinor ?? 0n });
      }
    }
    await this.tellLiveMoney(tx, account, now, events);
    await this.repository.saveAccount(tx, account);
    if (events.length > 0) await this.outbox.write(tx, events.splice(0));
  }
}
