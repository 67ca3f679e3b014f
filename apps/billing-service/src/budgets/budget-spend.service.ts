import { OutboxWriter, SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { MeteredEvent } from '../common/metered-event';
import { METERS } from '../common/meters';
import { BudgetEvent, budgetUpdated, thresholdReached } from './budget-events';
import { BudgetWindow, budgetWindowAt, reachedThresholds } from './budget-window';
import { BudgetRow, BudgetsRepository, spendKey } from './budgets.repository';

/**
 * Budgets count metered usage in the ledger's transaction for the chunk, so each event counts once: per budget
 * whose tenant (and key, for a key's budget) and window match the event, its tokens are added to the window's
 * spending; each threshold reached is alerted once per window (`budget.threshold_reached`), and usage serving never
 * saw (training, evals) is added to a hard budget's live spending (`budget.updated` spend).
 */
@Injectable()
export class BudgetSpendService {
  constructor(
    private readonly repository: BudgetsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async record(tx: SqlExecutor, events: MeteredEvent[]): Promise<void> {
    const budgets = await this.repository.live(tx, [...new Set(events.map((e) => e.tenantId))]);
    if (budgets.length === 0) return;
    const adds = new Map<string, { budget: BudgetRow; window: BudgetWindow; tokens: bigint; unseen: bigint }>();
    for (const event of events) {
      const tokens = METERS.reduce((sum, meter) => sum + BigInt(event.tokens[meter]), 0n);
      for (const budget of budgets) {
        if (budget.tenantId !== event.tenantId || (budget.apiKeyId !== null && budget.apiKeyId !== event.apiKeyId)) continue;
        const window = budgetWindowAt(budget, new Date(event.occurredAt));
        if (!window) continue;
        const key = spendKey(budget.id, window.start);
        const add = adds.get(key) ?? adds.set(key, { budget, window, tokens: 0n, unseen: 0n }).get(key)!;
        add.tokens += tokens;
        if (!event.liveSettled) add.unseen += tokens;
      }
    }
    const totals = await this.repository.addSpend(tx, [...adds.values()].map((a) => ({ budgetId: a.budget.id, windowStart: a.window.start, tokens: a.tokens })));
    const out: BudgetEvent[] = [];
    for (const [key, { budget, window, unseen }] of adds) {
      const spent = totals.get(key)!;
      const sent = await this.repository.recordAlerts(tx, budget.id, window.start, reachedThresholds(budget.thresholds, spent, budget.limitTokens));
      for (const percent of sent) out.push(thresholdReached(budget, window, percent, spent));
      if (budget.mode === 'hard' && unseen > 0n) out.push(budgetUpdated(budget, 'spend', window, unseen));
    }
    if (out.length > 0) await this.outbox.write(tx, out);
  }
}
