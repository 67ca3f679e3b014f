import { OutboxWriter, SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { METERS, SERVED_METERS } from '../common/meters';
import { MeteredEvent } from '../common/metered-event';
import { dearestUnitCost } from '../common/usage-price';
import { BudgetEvent, budgetUpdated, limitInSpendUnits, liveMoneyTerms, thresholdReached } from './budget-events';
import { UsagePricingRepository } from '../common/usage-pricing.repository';
import { BudgetWindow, budgetWindowAt, reachedThresholds } from './budget-window';
import { BudgetRow, BudgetsRepository, spendKey } from './budgets.repository';
import { eventPrices } from '../common/event-prices';

type BilledEvent = MeteredEvent & { billedPeriod: string };

/**
 * Budgets count metered usage in the ledger's transaction for the chunk, so each event counts once: per budget
 * whose tenant (and key, for a key's budget) and window match the event, its tokens (or, for a budget in money, its
 * price as the invoice prices it: eventPrices) are added to the window's spending; each threshold reached is alerted
 * once per window (`budget.threshold_reached`). Serving is told what it cannot count itself: usage it never saw
 * (training, evals) for a hard budget in tokens (`budget.updated` spend), the tokens the money left pays for, for a
 * hard budget in money (upsert).
 */
@Injectable()
export class BudgetSpendService {
  constructor(
    private readonly repository: BudgetsRepository,
    private readonly pricing: UsagePricingRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async record(tx: SqlExecutor, events: BilledEvent[]): Promise<void> {
    const budgets = await this.repository.live(tx, [...new Set(events.map((e) => e.tenantId))]);
    if (budgets.length === 0) return;
    const prices = await this.moneyPrices(tx, events, budgets);
    const adds = new Map<string, { budget: BudgetRow; window: BudgetWindow; spend: bigint; tokens: bigint; unseen: bigint; day: string }>();
    events.forEach((event, index) => {
      const tokens = METERS.reduce((sum, meter) => sum + BigInt(event.tokens[meter]), 0n);
      for (const budget of budgets) {
        if (budget.tenantId !== event.tenantId || (budget.apiKeyId !== null && budget.apiKeyId !== event.apiKeyId)) continue;
        const window = budgetWindowAt(budget, new Date(event.occurredAt));
        if (!window) continue;
        const key = spendKey(budget.id, window.start);
        const add = adds.get(key) ?? adds.set(key, { budget, window, spend: 0n, tokens: 0n, unseen: 0n, day: event.usageDay }).get(key)!;
        add.spend += budget.currency === null ? tokens : prices[index];
        add.tokens += tokens;
        if (!event.liveSettled) add.unseen += tokens;
        if (event.usageDay > add.day) add.day = event.usageDay;
      }
    });
    const totals = await this.repository.addSpend(tx, [...adds.values()].map((a) => ({ budgetId: a.budget.id, windowStart: a.window.start, spend: a.spend, tokens: a.tokens })));
    const out: BudgetEvent[] = [];
    for (const [key, { budget, window, unseen, day }] of adds) {
      const spend = totals.get(key)!;
      const sent = await this.repository.recordAlerts(tx, budget.id, window.start, reachedThresholds(budget.thresholds, spend.spent, limitInSpendUnits(budget)));
      for (const percent of sent) out.push(thresholdReached(budget, window, percent, spend.spent));
      if (budget.mode !== 'hard') continue;
      const live = budget.currency === null ? { limitTokens: budget.limit, tokens: unseen } : liveMoneyTerms(budget, spend, await this.dearestServed(tx, budget, day));
      if (unseen > 0n) out.push(budgetUpdated(budget, 'spend', window, { ...live, tokens: unseen }));
      if (budget.currency !== null) out.push(budgetUpdated(budget, 'limit', window, live));
    }
    if (out.length > 0) await this.outbox.write(tx, out);
  }

  /** The dearest price serving's tokens have under the plan of `day` (0, never limiting, if its currency is not the budget's). */
  private async dearestServed(tx: SqlExecutor, budget: BudgetRow, day: string): Promise<bigint> {
    const plan = await this.pricing.planOn(tx, budget.tenantId, day);
    return plan?.currency === budget.currency ? dearestUnitCost(plan.terms, SERVED_METERS) : 0n;
  }

  /** Each event's price (0 for tenants without a budget in money), counted on from its period's usage before the chunk. */
  private async moneyPrices(tx: SqlExecutor, events: BilledEvent[], budgets: BudgetRow[]): Promise<bigint[]> {
    const moneyTenants = new Set(budgets.filter((b) => b.currency !== null).map((b) => b.tenantId));
    const priced = events.filter((e) => moneyTenants.has(e.tenantId));
    if (priced.length === 0) return events.map(() => 0n);
    const before = await this.pricing.totalsBefore(tx, priced);
    const terms = await this.pricing.termsByDay(tx, priced);
    const ordered = priced.map((event, i) => ({ event, i })).sort((a, b) => a.event.occurredAt.localeCompare(b.event.occurredAt) || a.event.eventId.localeCompare(b.event.eventId));
    const costs = eventPrices(ordered.map((o) => o.event), before, terms);
    const byEvent = new Map(ordered.map((o, k) => [o.event, costs[k]]));
    return events.map((e) => byEvent.get(e) ?? 0n);
  }
}
