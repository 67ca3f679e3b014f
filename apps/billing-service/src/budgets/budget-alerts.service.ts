import { DATABASE, TransactionalDb } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { BudgetAlertsRepository } from './budget-alerts.repository';
import { budgetWindowAt } from './budget-window';
import { BudgetsRepository } from './budgets.repository';

/** Which thresholds each of a tenant's budgets has reached in its current window: the dashboard's view of the alerts. */
@Injectable()
export class BudgetAlertsService {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly alerts: BudgetAlertsRepository,
    @Inject(DATABASE) private readonly db: TransactionalDb,
  ) {}

  async currentWindows(tenantId: string, now = new Date()) {
    const windows = (await this.budgets.live(this.db, [tenantId])).flatMap((budget) => {
      const window = budgetWindowAt(budget, now);
      return window ? [{ budgetId: budget.id, windowStart: window.start, windowEnd: window.end }] : [];
    });
    const ends = new Map(windows.map((w) => [w.budgetId, w.windowEnd]));
    const sent = await this.alerts.sentIn(this.db, windows);
    return {
      object: 'list',
      data: sent.map((a) => ({ object: 'budget.alert', budgetId: a.budgetId, thresholdPercent: a.thresholdPercent, sentAt: a.sentAt, window: { start: a.windowStart, end: ends.get(a.budgetId) } })),
    };
  }
}
