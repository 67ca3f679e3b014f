import { SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';

export type SentAlert = { budgetId: string; windowStart: Date; thresholdPercent: number; sentAt: Date };

/** The threshold alerts the spend path recorded (budget_alerts), read back for the tenant's own view. */
@Injectable()
export class BudgetAlertsRepository {
  /** The alerts sent in the given windows, one (budget, window start) pair each; by budget, then threshold. */
  async sentIn(tx: SqlExecutor, windows: { budgetId: string; windowStart: Date }[]): Promise<SentAlert[]> {
    if (windows.length === 0) return [];
    const rows = await tx.$queryRawUnsafe<{ budget_id: string; window_start: Date; threshold_percent: number; sent_at: Date }[]>(
      `SELECT a.budget_id::text, a.window_start, a.threshold_percent, a.sent_at
         FROM budget_alerts a JOIN unnest($1::uuid[], $2::timestamptz[]) AS w(b, s) ON a.budget_id = w.b AND a.window_start = w.s
        ORDER BY a.budget_id, a.threshold_percent`,
      windows.map((w) => w.budgetId),
      windows.map((w) => w.windowStart),
    );
    return rows.map((r) => ({ budgetId: r.budget_id, windowStart: r.window_start, thresholdPercent: r.threshold_percent, sentAt: r.sent_at }));
  }
}
