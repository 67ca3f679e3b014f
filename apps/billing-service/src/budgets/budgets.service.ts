import { DATABASE, OutboxWriter, TransactionalDb } from '@llmchain/platform';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { holdLedgerLockExclusive } from '../common/ledger-lock';
import { TenantsService } from '../tenants/tenants.service';
import { budgetUpdated } from './budget-events';
import { budgetWindowAt } from './budget-window';
import { CreateBudgetDto } from './budgets.dto';
import { BudgetRow, BudgetsRepository } from './budgets.repository';

/** Budgets of a tenant or one of its keys; a hard one is handed to serving (`budget.updated`) in the same transaction. */
@Injectable()
export class BudgetsService {
  constructor(
    private readonly repository: BudgetsRepository,
    private readonly outbox: OutboxWriter,
    private readonly tenants: TenantsService,
    @Inject(DATABASE) private readonly db: TransactionalDb,
  ) {}

  async create(tenantId: string, dto: CreateBudgetDto, now = new Date()) {
    await this.tenants.get(tenantId);
    return this.db.$transaction(async (tx) => {
      // Waits for ledger chunks in flight, so the window's spending so far is read whole and no chunk counts twice.
      await holdLedgerLockExclusive(tx);
      if (dto.apiKeyId && !(await this.repository.keyBelongsTo(tx, tenantId, dto.apiKeyId))) {
        throw new NotFoundException(`apiKeyId: ${dto.apiKeyId} is not an API key of tenant ${tenantId}`);
      }
      const budget = await this.repository.insert(tx, {
        tenantId,
        apiKeyId: dto.apiKeyId ?? null,
        name: dto.name,
        limitTokens: dto.limitTokens,
        window: dto.window === 'monthly' ? 'monthly' : 'custom',
        windowStart: dto.window === 'monthly' ? null : dto.window.start,
        windowEnd: dto.window === 'monthly' ? null : dto.window.end,
        mode: dto.mode,
        thresholds: dto.thresholds,
      });
      // The current (or, for a custom window yet to come, the first) window starts with the usage already in it.
      const window = budgetWindowAt(budget, now) ?? budgetWindowAt(budget, budget.windowStart ?? now);
      let spent = 0n;
      if (window) {
        spent = await this.repository.ledgerTokens(tx, tenantId, budget.apiKeyId, window.start, window.end);
        await this.repository.addSpend(tx, [{ budgetId: budget.id, windowStart: window.start, tokens: spent }]);
        if (budget.mode === 'hard') await this.outbox.write(tx, [budgetUpdated(budget, 'upsert', window, spent)]);
      }
      return view(budget, spent);
    });
  }

  async list(tenantId: string, now = new Date()) {
    await this.tenants.get(tenantId);
    const budgets = await this.repository.live(this.db, [tenantId]);
    return Promise.all(budgets.map(async (b) => view(b, await this.spentNow(b, now))));
  }

  async get(tenantId: string, budgetId: string, now = new Date()) {
    const budget = await this.repository.find(this.db, tenantId, budgetId);
    if (!budget) throw new NotFoundException(`budget ${budgetId} not found for tenant ${tenantId}`);
    return view(budget, await this.spentNow(budget, now));
  }

  async delete(tenantId: string, budgetId: string, now = new Date()): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const budget = await this.repository.find(tx, tenantId, budgetId);
      if (!budget) throw new NotFoundException(`budget ${budgetId} not found for tenant ${tenantId}`);
      await this.repository.markDeleted(tx, budgetId);
      const window = budgetWindowAt(budget, now) ?? budgetWindowAt(budget, budget.windowStart ?? now);
      if (budget.mode === 'hard' && window) await this.outbox.write(tx, [budgetUpdated(budget, 'delete', window, 0n)]);
    });
  }

  private async spentNow(budget: BudgetRow, now: Date): Promise<bigint> {
    const window = budgetWindowAt(budget, now);
    return window ? this.repository.spent(this.db, budget.id, window.start) : 0n;
  }
}

function view(b: BudgetRow, spent: bigint) {
  return {
    id: b.id,
    object: 'budget',
    tenantId: b.tenantId,
    apiKeyId: b.apiKeyId,
    name: b.name,
    unit: 'tokens',
    limitTokens: b.limitTokens,
    window: b.window === 'monthly' ? 'monthly' : { start: b.windowStart, end: b.windowEnd },
    mode: b.mode,
    thresholds: b.thresholds,
    spentTokens: spent,
    createdAt: b.createdAt,
  };
}
