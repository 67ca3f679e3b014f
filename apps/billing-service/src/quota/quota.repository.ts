import { SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { issuedTenantIds } from '../common/issued-tenant-ids';
import { Period } from '../common/period';

export type QuotaSubscriptionRow = {
  tenantId: string;
  startsOn: Date;
  endsOn: Date | null;
  includedTokens: bigint;
  quotaMode: 'hard' | 'soft';
  /** Credits, not included tokens, stop a prepaid plan's usage. */
  prepaid: boolean;
  requestsPerMinute: number;
  tokensPerMinute: number;
  schedulingWeight: number;
  maxConcurrentSequences: number;
};

/** The first key of the two-key advisory locks on tenants' quota (the one-key ledger lock lives in another space). */
const QUOTA_LOCK_CLASS = 80_211_002;

export type QuotaStateRow = { tenantId: string; period: string; remaining: bigint; hardStop: boolean; alertedPeriod: string | null };

/** Plain SQL so it runs inside any transaction, the ledger's batch one included. */
@Injectable()
export class QuotaRepository {
  async subscriptionsOverlapping(tx: SqlExecutor, tenantIds: string[], from: Date, to: Date): Promise<QuotaSubscriptionRow[]> {
    const ids = issuedTenantIds(tenantIds);
    if (ids.length === 0) return [];
    const rows = await tx.$queryRawUnsafe<Record<string, string | number | boolean | null>[]>(
      `SELECT s.tenant_id::text AS tenant_id, s.starts_on::text AS starts_on, s.ends_on::text AS ends_on,
              p.included_tokens::text AS included_tokens, p.quota_mode, p.prepaid, p.requests_per_minute, p.tokens_per_minute,
              p.scheduling_weight, p.max_concurrent_sequences
         FROM subscriptions s JOIN plans p ON p.id = s.plan_id
        WHERE s.tenant_id = ANY($1::uuid[]) AND s.starts_on < $3::date AND (s.ends_on IS NULL OR s.ends_on > $2::date)
        ORDER BY s.starts_on`,
      ids,
      from.toISOString().slice(0, 10),
      to.toISOString().slice(0, 10),
    );
    return rows.map((r) => ({
      tenantId: String(r.tenant_id),
      startsOn: new Date(`${r.starts_on}T00:00:00.000Z`),
      endsOn: r.ends_on ? new Date(`${r.ends_on}T00:00:00.000Z`) : null,
      includedTokens: BigInt(String(r.included_tokens)),
      quotaMode: r.quota_mode as 'hard' | 'soft',
      prepaid: r.prepaid === true,
      requestsPerMinute: Number(r.requests_per_minute),
      tokensPerMinute: Number(r.tokens_per_minute),
      schedulingWeight: Number(r.scheduling_weight),
      maxConcurrentSequences: Number(r.max_concurrent_sequences),
    }));
  }

  /** Tokens used in the period itself (adjustments for earlier periods do not eat this period's allowance). */
  async usedTokens(tx: SqlExecutor, tenantIds: string[], period: Period, periodStartDay: string): Promise<Map<string, bigint>> {
    const rows = await tx.$queryRawUnsafe<{ tenant_id: string; used: string }[]>(
      `SELECT tenant_id, SUM(tokens)::text AS used FROM usage_ledger
        WHERE tenant_id = ANY($1::text[]) AND billed_period = $2 AND usage_day >= $3::date GROUP BY tenant_id`,
      tenantIds,
      period,
      periodStartDay,
    );
    return new Map(rows.map((r) => [r.tenant_id, BigInt(r.used)]));
  }

  /**
   * Serialises quota refreshes of the same tenants until the transaction ends: two chunks that touch different ledger
   * rows of one tenant (serving and training usage at once) would otherwise both read the state before either wrote it,
   * both send the month's alert, and the later one save a remainder without the earlier one's tokens. Tenant order, as
   * the callers lock ledger rows, so concurrent refreshes wait instead of deadlocking.
   */
  async lockTenants(tx: SqlExecutor, tenantIds: string[]): Promise<void> {
    for (const tenantId of [...tenantIds].sort()) {
      await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${QUOTA_LOCK_CLASS}, hashtext($1))::text`, tenantId);
    }
  }

  async states(tx: SqlExecutor, tenantIds: string[]): Promise<Map<string, QuotaStateRow>> {
    const rows = await tx.$queryRawUnsafe<{ tenant_id: string; period: string; remaining: string; hard_stop: boolean; alerted_period: string | null }[]>(
      `SELECT tenant_id, period, remaining_included_tokens::text AS remaining, hard_stop, alerted_period FROM quota_states WHERE tenant_id = ANY($1::text[])`,
      tenantIds,
    );
    return new Map(
      rows.map((r) => [r.tenant_id, { tenantId: r.tenant_id, period: r.period, remaining: BigInt(r.remaining), hardStop: r.hard_stop, alertedPeriod: r.alerted_period }]),
    );
  }

  async saveState(tx: SqlExecutor, state: QuotaStateRow): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO quota_states (tenant_id, period, remaining_included_tokens, hard_stop, alerted_period, updated_at)
       VALUES ($1, $2, $3::bigint, $4, $5, now())
       ON CONFLICT (tenant_id) DO UPDATE SET period = EXCLUDED.period, remaining_included_tokens = EXCLUDED.remaining_included_tokens,
         hard_stop = EXCLUDED.hard_stop, alerted_period = EXCLUDED.alerted_period, updated_at = now()`,
      state.tenantId,
      state.period,
      state.remaining.toString(),
      state.hardStop,
      state.alertedPeriod,
    );
  }

  async state(tx: SqlExecutor, tenantId: string): Promise<QuotaStateRow | undefined> {
    return (await this.states(tx, [tenantId])).get(tenantId);
  }
}
