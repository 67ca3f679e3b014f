import { SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { Meter, METERS, noTokens, PricedMeter } from './meters';
import { PlanTerms } from './plan-terms';
import { UsagePriceTerms } from './usage-price';
import { dayKey, periodKey, PricedUsage } from './event-prices';

export type PlanPricing = { currency: string; terms: UsagePriceTerms };

/** What pricing usage as the invoice does reads (budgets in money, money credits): plans by day, periods' totals, the ledger's events. */
@Injectable()
export class UsagePricingRepository {
  /** The currency and price terms of the plan in force on `day` (null without a subscription). */
  async planOn(tx: SqlExecutor, tenantId: string, day: string): Promise<PlanPricing | null> {
    const rows = await tx.$queryRawUnsafe<{ currency: string; included: string; discount: number; meter: string | null; up_to: string | null; price: string | null }[]>(
      `WITH plan AS (SELECT p.id, p.currency, p.included_tokens, p.batch_discount_percent FROM subscriptions s JOIN plans p ON p.id = s.plan_id
         WHERE s.tenant_id = $1::uuid AND s.starts_on <= $2::date AND (s.ends_on IS NULL OR s.ends_on > $2::date) ORDER BY s.starts_on DESC LIMIT 1)
       SELECT plan.currency, plan.included_tokens::text AS included, plan.batch_discount_percent AS discount, t.meter, t.up_to_tokens::text AS up_to, t.unit_price_per_1k_minor::text AS price
         FROM plan LEFT JOIN plan_price_tiers t ON t.plan_id = plan.id ORDER BY t.meter, t.tier_index`,
      tenantId,
      day,
    );
    if (rows.length === 0) return null;
    const tiers: PlanTerms['tiers'] = { prompt: [], completion: [], training: [] };
    for (const r of rows) if (r.meter !== null) tiers[r.meter as PricedMeter].push({ upToTokens: r.up_to === null ? null : BigInt(r.up_to), unitPricePer1kMinor: BigInt(r.price!) });
    return { currency: rows[0].currency, terms: { includedTokens: BigInt(rows[0].included), batchDiscountPercent: rows[0].discount, tiers } };
  }

  /** The price terms of each tenant's plan on each day the usage falls on, each read once. */
  async termsByDay(tx: SqlExecutor, usage: readonly { tenantId: string; usageDay: string }[]): Promise<Map<string, UsagePriceTerms | null>> {
    const terms = new Map<string, UsagePriceTerms | null>();
    for (const { tenantId, usageDay } of usage) {
      const key = dayKey(tenantId, usageDay);
      if (!terms.has(key)) terms.set(key, (await this.planOn(tx, tenantId, usageDay))?.terms ?? null);
    }
    return terms;
  }

  /** Each tenant's billed periods' usage per meter as the ledger holds it now. */
  async periodTotals(tx: SqlExecutor, periods: readonly { tenantId: string; billedPeriod: string }[]): Promise<Map<string, Record<Meter, bigint>>> {
    const totals = new Map<string, Record<Meter, bigint>>();
    if (periods.length === 0) return totals;
    const rows = await tx.$queryRawUnsafe<{ tenant_id: string; billed_period: string; meter: string; tokens: string }[]>(
      `SELECT l.tenant_id, l.billed_period, l.meter, SUM(l.tokens)::text AS tokens FROM usage_ledger l
         JOIN unnest($1::text[], $2::text[]) AS p(t, b) ON l.tenant_id = p.t AND l.billed_period = p.b GROUP BY 1, 2, 3`,
      periods.map((p) => p.tenantId),
      periods.map((p) => p.billedPeriod),
    );
    for (const r of rows) {
      const key = periodKey(r.tenant_id, r.billed_period);
      const meters = totals.get(key) ?? totals.set(key, noTokens()).get(key)!;
      if ((METERS as string[]).includes(r.meter)) meters[r.meter as Meter] += BigInt(r.tokens);
    }
    return totals;
  }

  /**
   * The usage per meter of the events' billed periods before them: the ledger already holds a chunk's events when
   * its transaction prices them, so they are taken off its totals.
   */
  async totalsBefore(tx: SqlExecutor, events: readonly PricedUsage[]): Promise<Map<string, Record<Meter, bigint>>> {
    const periods = new Map(events.map((e) => [periodKey(e.tenantId, e.billedPeriod), { tenantId: e.tenantId, billedPeriod: e.billedPeriod }]));
    const totals = await this.periodTotals(tx, [...periods.values()]);
    for (const event of events) {
      const key = periodKey(event.tenantId, event.billedPeriod);
      const meters = totals.get(key) ?? totals.set(key, noTokens()).get(key)!;
      for (const meter of METERS) meters[meter] -= BigInt(event.tokens[meter]);
    }
    return totals;
  }

  /** A tenant's ledger events billed in periods [fromPeriod, toPeriod], in the order they occurred. */
  async events(tx: SqlExecutor, tenantId: string, fromPeriod: string, toPeriod: string): Promise<(PricedUsage & { occurredAt: Date; apiKeyId: string | null })[]> {
    const rows = await tx.$queryRawUnsafe<Record<string, string | Date | null>[]>(
      `SELECT billed_period, occurred_at, to_char(usage_day, 'YYYY-MM-DD') AS usage_day, api_key_id, prompt_tokens::text AS prompt, completion_tokens::text AS completion,
              training_tokens::text AS training, batch_prompt_tokens::text AS batch_prompt, batch_completion_tokens::text AS batch_completion
         FROM usage_ledger_events WHERE tenant_id = $1 AND billed_period >= $2 AND billed_period <= $3 ORDER BY billed_period, occurred_at, event_id`,
      tenantId,
      fromPeriod,
      toPeriod,
    );
    return rows.map((r) => ({
      tenantId,
      billedPeriod: r.billed_period as string,
      usageDay: r.usage_day as string,
      occurredAt: r.occurred_at as Date,
      apiKeyId: r.api_key_id as string | null,
      tokens: Object.fromEntries(METERS.map((meter) => [meter, BigInt(r[meter] as string)])) as Record<Meter, bigint>,
    }));
  }
}
