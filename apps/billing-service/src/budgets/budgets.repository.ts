import { SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { issuedTenantIds } from '../common/issued-tenant-ids';
import { BudgetWindowTerms } from './budget-window';

export type BudgetRow = BudgetWindowTerms & {
  id: string;
  tenantId: string;
  apiKeyId: string | null;
  name: string;
  /** In the budget's unit: tokens, or minor units of `currency`. */
  limit: bigint;
  /** The plan currency of a budget in money; null for a budget in tokens. */
  currency: string | null;
  mode: 'soft' | 'hard';
  thresholds: number[];
  createdAt: Date;
};

/** A window's spending in the budget's unit, and the tokens of that usage. */
export type WindowSpend = { spent: bigint; tokens: bigint };

export type NewBudget = Omit<BudgetRow, 'id' | 'createdAt'>;

const COLUMNS = `id::text, tenant_id::text, api_key_id::text, name, limit_tokens::text, limit_minor::text, currency, "window", window_start, window_end, mode, thresholds, created_at`;

type Raw = { id: string; tenant_id: string; api_key_id: string | null; name: string; limit_tokens: string | null; limit_minor: string | null; currency: string | null; window: string; window_start: Date | null; window_end: Date | null; mode: string; thresholds: number[]; created_at: Date };

/** Plain SQL, so the ledger's transaction can read and count budgets too. */
@Injectable()
export class BudgetsRepository {
  async insert(tx: SqlExecutor, b: NewBudget): Promise<BudgetRow> {
    const [row] = await tx.$queryRawUnsafe<Raw[]>(
      `INSERT INTO budgets (id, tenant_id, api_key_id, name, limit_tokens, limit_minor, currency, "window", window_start, window_end, mode, thresholds)
       VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, $4::bigint, $5::bigint, $6, $7, $8, $9, $10, $11::int[]) RETURNING ${COLUMNS}`,
      b.tenantId,
      b.apiKeyId,
      b.name,
      b.currency === null ? b.limit.toString() : null,
      b.currency === null ? null : b.limit.toString(),
      b.currency,
      b.window,
      b.windowStart,
      b.windowEnd,
      b.mode,
      b.thresholds,
    );
    return budgetOf(row);
  }

  /** The tenants' budgets in force (not deleted). */
  async live(tx: SqlExecutor, tenantIds: string[]): Promise<BudgetRow[]> {
    const rows = await tx.$queryRawUnsafe<Raw[]>(`SELECT ${COLUMNS} FROM budgets WHERE tenant_id = ANY($1::uuid[]) AND deleted_at IS NULL ORDER BY created_at, id`, issuedTenantIds(tenantIds));
    return rows.map(budgetOf);
  }

  async find(tx: SqlExecutor, tenantId: string, budgetId: string): Promise<BudgetRow | undefined> {
    const [row] = await tx.$queryRawUnsafe<Raw[]>(`SELECT ${COLUMNS} FROM budgets WHERE id = $1::uuid AND tenant_id = $2::uuid AND deleted_at IS NULL`, budgetId, tenantId);
    return row && budgetOf(row);
  }

  async markDeleted(tx: SqlExecutor, budgetId: string): Promise<void> {
    await tx.$executeRawUnsafe(`UPDATE budgets SET deleted_at = now() WHERE id = $1::uuid`, budgetId);
  }

  async keyBelongsTo(tx: SqlExecutor, tenantId: string, apiKeyId: string): Promise<boolean> {
    const rows = await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM api_keys WHERE id = $1::uuid AND tenant_id = $2::uuid`, apiKeyId, tenantId);
    return rows.length > 0;
  }

  /** Tokens the ledger holds for a budget's usage in [from, to): its start in a window that began before it existed. */
  async ledgerTokens(tx: SqlExecutor, tenantId: string, apiKeyId: string | null, from: Date, to: Date): Promise<bigint> {
    const [row] = await tx.$queryRawUnsafe<{ t: string }[]>(
      `SELECT COALESCE(SUM(prompt_tokens + completion_tokens + training_tokens + batch_prompt_tokens + batch_completion_tokens), 0)::text AS t FROM usage_ledger_events
        WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ($4::text IS NULL OR api_key_id = $4::text)`,
      tenantId,
      from,
      to,
      apiKeyId,
    );
    return BigInt(row.t);
  }

  /**
   * Adds to windows' spending (in the budget's unit) and tokens (in key order, so concurrent chunks cannot
   * deadlock); answers the new totals.
   */
  async addSpend(tx: SqlExecutor, adds: { budgetId: string; windowStart: Date; spend: bigint; tokens: bigint }[]): Promise<Map<string, WindowSpend>> {
    if (adds.length === 0) return new Map();
    const rows = await tx.$queryRawUnsafe<{ budget_id: string; window_start: Date; spent: string; tokens: string }[]>(
      `INSERT INTO budget_window_spend (budget_id, window_start, spent, tokens)
       SELECT b, w, s, t FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[], $4::bigint[]) AS v(b, w, s, t) ORDER BY b, w
       ON CONFLICT (budget_id, window_start) DO UPDATE SET spent = budget_window_spend.spent + EXCLUDED.spent, tokens = budget_window_spend.tokens + EXCLUDED.tokens
       RETURNING budget_id::text, window_start, spent::text, tokens::text`,
      adds.map((a) => a.budgetId),
      adds.map((a) => a.windowStart),
      adds.map((a) => a.spend.toString()),
      adds.map((a) => a.tokens.toString()),
    );
    return new Map(rows.map((r) => [spendKey(r.budget_id, r.window_start), { spent: BigInt(r.spent), tokens: BigInt(r.tokens) }]));
  }

  async spent(tx: SqlExecutor, budgetId: string, windowStart: Date): Promise<bigint> {
    const [row] = await tx.$queryRawUnsafe<{ spent: string }[]>(`SELECT spent::text FROM budget_window_spend WHERE budget_id = $1::uuid AND window_start = $2`, budgetId, windowStart);
    return row ? BigInt(row.spent) : 0n;
  }

  /** Records the alerts not sent yet; answers the thresholds recorded now. */
  async recordAlerts(tx: SqlExecutor, budgetId: string, windowStart: Date, thresholds: number[]): Promise<number[]> {
    if (thresholds.length === 0) return [];
    const rows = await tx.$queryRawUnsafe<{ threshold_percent: number }[]>(
      `INSERT INTO budget_alerts (budget_id, window_start, threshold_percent) SELECT $1::uuid, $2, unnest($3::int[])
       ON CONFLICT DO NOTHING RETURNING threshold_percent`,
      budgetId,
      windowStart,
      thresholds,
    );
    return rows.map((r) => r.threshold_percent).sort((a, b) => a - b);
  }
}

export function spendKey(budgetId: string, windowStart: Date): string {
  return `${budgetId}\u0000${windowStart.toISOString()}`;
}

function budgetOf(r: Raw): BudgetRow {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    apiKeyId: r.api_key_id,
    name: r.name,
    limit: BigInt(r.currency === null ? r.limit_tokens! : r.limit_minor!),
    currency: r.currency,
    window: r.window as BudgetRow['window'],
    windowStart: r.window_start,
    windowEnd: r.window_end,
    mode: r.mode as BudgetRow['mode'],
    thresholds: r.thresholds,
    createdAt: r.created_at,
  };
}
