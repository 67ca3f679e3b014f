import { TOPICS } from '@llmchain/contracts';
import { DATABASE, NewEvent, OutboxWriter, SqlExecutor, TransactionalDb } from '@llmchain/platform';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { daysInPeriod, isoDay, periodEnd, periodOf, periodStart, utcDay } from '../common/period';
import { segmentsInPeriod, subscriptionOnDay } from '../common/subscription-segments';
import { QuotaRepository, QuotaStateRow, QuotaSubscriptionRow } from './quota.repository';

/**
 * Quota state per tenant for the current period: the included tokens (prorated by day over the period's
 * subscriptions, as on the invoice) minus the tokens used. A hard quota stops serving at zero; a soft one sends a
 * `quota.alert` once per period instead. Only changes are published (`quota.updated`), in the caller's transaction.
 * A prepaid plan's credits stop its usage instead, so neither applies to it.
 */
@Injectable()
export class QuotaService {
  constructor(
    private readonly repository: QuotaRepository,
    private readonly outbox: OutboxWriter,
    @Inject(DATABASE) private readonly db: TransactionalDb,
  ) {}

  async refresh(tx: SqlExecutor, tenantIds: string[], now = new Date()): Promise<void> {
    const period = periodOf(now);
    const subscriptions = await this.repository.subscriptionsOverlapping(tx, tenantIds, periodStart(period), periodEnd(period));
    if (subscriptions.length === 0) return;
    const byTenant = new Map<string, QuotaSubscriptionRow[]>();
    for (const s of subscriptions) byTenant.set(s.tenantId, [...(byTenant.get(s.tenantId) ?? []), s]);
    const tenants = [...byTenant.keys()];
    await this.repository.lockTenants(tx, tenants);
    const [used, states] = await Promise.all([
      this.repository.usedTokens(tx, tenants, period, isoDay(periodStart(period))),
      this.repository.states(tx, tenants),
    ]);
    const events: NewEvent<typeof TOPICS.quotaUpdated | typeof TOPICS.quotaAlert>[] = [];
    // Tenant order: concurrent ledger chunks update quota rows in the same order and cannot deadlock.
    for (const [tenantId, tenantSubscriptions] of [...byTenant].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const days = BigInt(daysInPeriod(period));
      const included = segmentsInPeriod(period, tenantSubscriptions.map((s) => ({ ...s, plan: s })))
        .reduce((sum, segment) => sum + (segment.plan.includedTokens * BigInt(segment.toDay - segment.fromDay)) / days, 0n);
      const plan = subscriptionOnDay(tenantSubscriptions, utcDay(now)) as QuotaSubscriptionRow;
      const usedTokens = used.get(tenantId) ?? 0n;
      const remaining = included > usedTokens ? included - usedTokens : 0n;
      const hardStop = plan.quotaMode === 'hard' && !plan.prepaid && remaining === 0n;
      const previous = states.get(tenantId);
      const next: QuotaStateRow = { tenantId, period, remaining, hardStop, alertedPeriod: previous?.alertedPeriod ?? null };
      const alert = plan.quotaMode === 'soft' && !plan.prepaid && remaining === 0n && next.alertedPeriod !== period;
      if (alert) {
        next.alertedPeriod = period;
        events.push({ topic: TOPICS.quotaAlert, key: tenantId, data: { tenantId, period, reason: 'included-tokens-exhausted', includedTokens: Number(included), usedTokens: Number(usedTokens) } });
      }
      const changed = !previous || previous.period !== period || previous.remaining !== remaining || previous.hardStop !== hardStop;
      if (!changed && !alert) continue;
      events.push({
        topic: TOPICS.quotaUpdated,
        key: tenantId,
        data: {
          tenantId,
          remainingIncludedTokens: Number(remaining),
          hardStop,
          requestsPerMinute: plan.requestsPerMinute,
          tokensPerMinute: plan.tokensPerMinute,
          schedulingWeight: plan.schedulingWeight,
          maxConcurrentSequences: plan.maxConcurrentSequences,
        },
      });
      await this.repository.saveState(tx, next);
    }
    if (events.length > 0) await this.outbox.write(tx, events);
  }

  async current(tenantId: string) {
    const state = await this.repository.state(this.db, tenantId);
    if (!state) throw new NotFoundException(`no quota state for tenant ${tenantId} yet: it has no subscription`);
    return { tenantId, period: state.period, remainingIncludedTokens: state.remaining, hardStop: state.hardStop };
  }
}
