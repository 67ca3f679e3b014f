import { DATABASE, OutboxWriter, SqlExecutor, TransactionalDb } from '@llmchain/platform';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { holdLedgerLockExclusive } from '../common/ledger-lock';
import { TenantsService } from '../tenants/tenants.service';
import { SERVED_METERS } from '../common/meters';
import { isoDay, utcDay } from '../common/period';
import { dearestUnitCost } from '../common/usage-price';
import { budgetUpdated, liveMoneyTerms } from './budget-events';
import { UsagePricingRepository } from '../common/usage-pricing.repository';
import { budgetView } from './budget.view';
import { BudgetWindow, budgetWindowAt } from './budget-window';
import { CreateBudgetDto } from './budgets.dto';
import { BudgetRow, BudgetsRepository } from './budgets.repository';
import { eventPrices } from '../common/event-prices';

/** Budgets of a tenant or one of its keys; a hard one is handed to serving (`budget.updated`) in the same transaction. */
@Injectable()
export class BudgetsService {
  constructor(
    private readonly repository: BudgetsRepository,
    private readonly pricing: UsagePricingRepository,
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
      const plan = dto.limitMinor === undefined ? null : await this.pricing.planOn(tx, tenantId, isoDay(utcDay(now)));
      if (dto.limitMinor !== undefined && !plan) throw new BadRequestException(`limitMinor: tenant ${tenantId} has no plan today, so a budget in money has no currency; give limitTokens`);
      const budget = await this.repository.insert(tx, {
        tenantId,
        apiKeyId: dto.apiKeyId ?? null,
        name: dto.name,
        limit: (dto.limitTokens ?? dto.limitMinor)!,
        currency: plan?.currency ?? null,
        window: dto.window === 'monthly' ? 'monthly' : 'custom',
        windowStart: dto.window === 'monthly' ? null : dto.window.start,
        windowEnd: dto.window === 'monthly' ? null : dto.window.end,
        mode: dto.mode,
        thresholds: dto.thresholds,
      });
      // The current (or, for a custom window yet to come, the first) window starts with the usage already in it.
      const window = budgetWindowAt(budget, now) ?? budgetWindowAt(budget, budget.windowStart ?? now);
      let spend = { spent: 0n, tokens: 0n };
      if (window) {
        const tokens = await this.repository.ledgerTokens(tx, tenantId, budget.apiKeyId, window.start, window.end);
        spend = { spent: plan ? await this.ledgerPrice(tx, budget, window) : tokens, tokens };
        await this.repository.addSpend(tx, [{ budgetId: budget.id, windowStart: window.start, spend: spend.spent, tokens }]);
        const live = plan ? liveMoneyTerms(budget, spend, dearestUnitCost(plan.terms, SERVED_METERS)) : { limitTokens: budget.limit, tokens };
        if (budget.mode === 'hard') await this.outbox.write(tx, [budgetUpdated(budget, 'upsert', window, live)]);
      }
      return budgetView(budget, spend.spent);
    });
  }

  async list(tenantId: string, now = new Date()) {
    await this.tenants.get(tenantId);
    const budgets = await this.repository.live(this.db, [tenantId]);
    return Promise.all(budgets.map(async (b) => budgetView(b, await this.spentNow(b, now))));
  }

  async get(tenantId: string, budgetId: string, now = new Date()) {
    const budget = await this.repository.find(this.db, tenantId, budgetId);
    if (!budget) throw new NotFoundException(`budget ${budgetId} not found for tenant ${tenantId}`);
    return budgetView(budget, await this.spentNow(budget, now));
  }

  async delete(tenantId: string, budgetId: string, now = new Date()): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const budget = await this.repository.find(tx, tenantId, budgetId);
      if (!budget) throw new NotFoundException(`budget ${budgetId} not found for tenant ${tenantId}`);
      await this.repository.markDeleted(tx, budgetId);
      const window = budgetWindowAt(budget, now) ?? budgetWindowAt(budget, budget.windowStart ?? now);
      if (budget.mode === 'hard' && window) await this.outbox.write(tx, [budgetUpdated(budget, 'delete', window, { limitTokens: 1n, tokens: 0n })]);
    });
  }

  /**
   * The price of the usage the ledger already holds in a budget's window (1/100,000 of a minor unit): its billed
   * periods' events replayed in the order they occurred, each priced as the ledger chunks price them.
   */
  private async ledgerPrice(tx: SqlExecutor, budget: BudgetRow, window: BudgetWindow): Promise<bigint> {
    const last = new Date(window.end.getTime() - 1);
    const events = await this.pricing.events(tx, budget.tenantId, isoDay(utcDay(window.start)).slice(0, 7), isoDay(utcDay(last)).slice(0, 7));
    const prices = eventPrices(events, new Map<string, never>(), await this.pricing.termsByDay(tx, events));
    let spent = 0n;
    events.forEach((e, i) => {
      if (e.occurredAt >= window.start && e.occurredAt < window.end && (budget.apiKeyId === null || e.apiKeyId === budget.apiKeyId)) spent += prices[i];
    });
    return spent;
  }

  private async spentNow(budget: BudgetRow, now: Date): Promise<bigint> {
    const window = budgetWindowAt(budget, now);
    return window ? this.repository.spent(this.db, budget.id, window.start) : 0n;
  }
}
