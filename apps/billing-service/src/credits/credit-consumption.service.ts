import { TOPICS } from '@llmchain/contracts';
import { NewEvent, SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { periodKey } from '../common/event-prices';
import { MeteredEvent } from '../common/metered-event';
import { Meter, METERS } from '../common/meters';
import { pricedUsage } from '../common/usage-price';
import { PlanPricing, UsagePricingRepository } from '../common/usage-pricing.repository';
import { drawTokens, inConsumptionOrder } from './consumption-order';
import { CreditAccountService } from './credit-account.service';
import { CreditsRepository, CreditTransactionRow, TOKENS } from './credits.repository';
import { drawMoney } from './money-pricing';

export type BilledEvent = MeteredEvent & { billedPeriod: string };

/**
 * Metered usage of prepaid tenants draws their token grants, then their money grants, inside the ledger's
 * transaction for the chunk, so each event is drawn exactly once. Events are taken in the order they occurred, each
 * meter's tokens in the consumption order; tokens no token grant covers are paid from money grants at the price the
 * invoice gives them (the tier they fall in, after the included tokens, less the batch discount: usage-price.ts),
 * so a money credit line equals the priced usage it paid for, to the carried remainder; what neither covers is an overdraw, billed on the invoice as metered usage. Serving
 * already took its own requests off the live balance, so it is told only what it did not see: the overdraw it
 * charged (given back, since the invoice bills it), the draws of usage it never saw, training's and evals' (taken
 * off), and what the money left now stands for (CreditAccountService.settle).
 */
@Injectable()
export class CreditConsumptionService {
  constructor(
    private readonly repository: CreditsRepository,
    private readonly accounts: CreditAccountService,
    private readonly pricing: UsagePricingRepository,
  ) {}

  async consume(tx: SqlExecutor, events: BilledEvent[], now = new Date()): Promise<void> {
    const accounts = await this.repository.lockEnforcedAccounts(tx, [...new Set(events.map((e) => e.tenantId))]);
    if (accounts.size === 0) return;
    const grants = await this.repository.drawableGrants(tx, [...accounts.keys()], now);
    const ordered = events.filter((e) => accounts.has(e.tenantId)).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.eventId.localeCompare(b.eventId));
    // Each meter's tokens take the next places in its billed period's usage, so money pays the tiers they fall in.
    const periodUsage = await this.pricing.totalsBefore(tx, ordered);
    for (const [tenantId, account] of accounts) {
      const tenantGrants = inConsumptionOrder((grants.get(tenantId) ?? []).filter((g) => g.unit === TOKENS));
      const moneyGrants = inConsumptionOrder((grants.get(tenantId) ?? []).filter((g) => g.unit !== TOKENS && g.unit === account.moneyCurrency));
      const pricingOf = this.pricingByDay(tx, tenantId);
      const drawn = new Map<string, bigint>();
      const moneyDrawn = new Map<string, bigint>();
      const moneyPaid = new Map<string, bigint>();
      const touched = new Set<string>();
      const uncovered = new Map<string, bigint>();
      let liveChange = 0n;
      for (const event of ordered.filter((e) => e.tenantId === tenantId)) {
        const usage = periodUsage.get(periodKey(tenantId, event.billedPeriod))!;
        for (const meter of METERS) {
          const tokens = BigInt(event.tokens[meter]);
          if (tokens === 0n) continue;
          const result = drawTokens(tenantGrants, tokens);
          for (const draw of result.draws) touched.add(draw.grantId);
          for (const draw of result.draws) add(drawn, `${draw.grantId}\u0000${event.billedPeriod}\u0000${meter}`, draw.tokens);
          let paid = 0n;
          const plan = result.uncovered > 0n && account.moneyBalance > 0n ? await pricingOf(event.usageDay) : null;
          // The uncovered tokens are the meter's last in the event: priced on from its covered ones.
          const costOf = plan?.currency === account.moneyCurrency ? priceOfNext(plan, usage, meter, tokens - result.uncovered) : null;
          if (costOf && costOf(result.uncovered) > 0n) {
            const money = drawMoney(account.moneyCarry, result.uncovered, costOf, account.moneyBalance);
            paid = money.paidTokens;
            account.moneyCarry = money.carry;
            account.moneyBalance -= money.minor;
            for (const draw of drawTokens(moneyGrants, money.minor).draws) {
              touched.add(draw.grantId);
              add(moneyDrawn, `${draw.grantId}\u0000${event.billedPeriod}\u0000${meter}`, draw.tokens);
            }
            add(moneyPaid, `${event.billedPeriod}\u0000${meter}`, paid);
          }
          usage[meter] += tokens;
          const overdraw = result.uncovered - paid;
          if (overdraw > 0n) add(uncovered, `${event.billedPeriod}\u0000${meter}`, overdraw);
          // Serving took its requests' tokens off the live balance already, money-paid ones included.
          if (event.liveSettled) account.liveMoneyTokens -= paid;
          liveChange += event.liveSettled ? overdraw : overdraw + paid - tokens;
        }
      }
      const rows: CreditTransactionRow[] = [];
      for (const [key, tokens] of drawn) {
        const [grantId, period, meter] = key.split('\u0000');
        account.balance -= tokens;
        rows.push({ tenantId, grantId, kind: 'consume', unit: TOKENS, amount: -tokens, balanceAfter: account.balance, period, meter });
      }
      rows.push(...moneyRows(account.moneyCurrency, account.moneyBalance, moneyDrawn, moneyPaid, tenantId));
      for (const [key, tokens] of uncovered) {
        const [period, meter] = key.split('\u0000');
        rows.push({ tenantId, grantId: null, kind: 'overdraw', unit: TOKENS, amount: 0n, balanceAfter: account.balance, period, meter, uncovered: tokens });
      }
      await this.repository.setRemaining(tx, [...tenantGrants, ...moneyGrants].filter((g) => touched.has(g.id)));
      await this.repository.insertTransactions(tx, rows);
      const events: NewEvent<typeof TOPICS.creditLow | typeof TOPICS.creditBalanceChanged>[] = [];
      this.accounts.tellLive(account, liveChange, 'usage the live balance did not see (training, evals) or charged past zero (billed as metered usage)', events);
      await this.accounts.settle(tx, account, events, now);
    }
  }

  /** The plan in force per usage day, each day read once. */
  private pricingByDay(tx: SqlExecutor, tenantId: string): (day: string) => Promise<PlanPricing | null> {
    const byDay = new Map<string, Promise<PlanPricing | null>>();
    return (day) => byDay.get(day) ?? byDay.set(day, this.pricing.planOn(tx, tenantId, day)).get(day)!;
  }
}

/**
 * The money consume rows, one per grant, period and meter; the tokens paid ride on the period and meter's first
 * row (a row of its own, drawing 0, while the carry has not yet reached a whole minor unit), so they sum right.
 */
function moneyRows(currency: string | null, balance: bigint, drawn: Map<string, bigint>, paid: Map<string, bigint>, tenantId: string): CreditTransactionRow[] {
  const rows: CreditTransactionRow[] = [];
  let balanceAfter = balance + [...drawn.values()].reduce((sum, minor) => sum + minor, 0n);
  for (const [key, minor] of drawn) {
    const [grantId, period, meter] = key.split('\u0000');
    balanceAfter -= minor;
    const paidTokens = paid.get(`${period}\u0000${meter}`);
    paid.delete(`${period}\u0000${meter}`);
    rows.push({ tenantId, grantId, kind: 'consume', unit: currency!, amount: -minor, balanceAfter, period, meter, paidTokens });
  }
  for (const [key, paidTokens] of paid) {
    const [period, meter] = key.split('\u0000');
    rows.push({ tenantId, grantId: null, kind: 'consume', unit: currency!, amount: 0n, balanceAfter, period, meter, paidTokens });
  }
  return rows;
}

/** The price of the next k tokens of a meter, after `skipped` of them, on top of a period's usage. */
function priceOfNext(plan: PlanPricing, usage: Record<Meter, bigint>, meter: Meter, skipped: bigint): (k: bigint) => bigint {
  const at = (extra: bigint) => pricedUsage(plan.terms, { ...usage, [meter]: usage[meter] + skipped + extra });
  const base = at(0n);
  return (k) => at(k) - base;
}

function add(map: Map<string, bigint>, key: string, tokens: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + tokens);
}
