import { SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { issuedTenantIds } from '../common/issued-tenant-ids';
import { DrawableGrant } from './consumption-order';
import { moneyPricingOf, MoneyPricing } from './money-pricing';

export type CreditAccountRow = {
  tenantId: string;
  balance: bigint;
  enforced: boolean;
  lowThreshold: bigint | null;
  lowAlerted: boolean;
  topUpThreshold: bigint | null;
  topUpTokens: bigint | null;
  topUpPriceMinor: bigint | null;
  topUpFired: boolean;
  moneyBalance: bigint;
  moneyCurrency: string | null;
  moneyCarry: bigint;
  liveMoneyTokens: bigint;
};

/** Grants count tokens, or money in minor units of an ISO 4217 currency. */
export const TOKENS = 'tokens';

export type NewGrant = {
  tenantId: string;
  /** TOKENS or the currency code. */
  unit: string;
  amount: bigint;
  priority: number;
  expiresAt: Date | null;
  reason: string;
  source: 'admin' | 'top_up';
  grantedByUserId: string | null;
};

export type CreditTransactionRow = {
  tenantId: string;
  grantId: string | null;
  kind: 'grant' | 'consume' | 'overdraw' | 'void' | 'expire';
  /** TOKENS or the currency code: amount and balanceAfter are in this unit. */
  unit: string;
  amount: bigint;
  balanceAfter: bigint;
  period: string | null;
  meter: string | null;
  /** overdraw: the usage tokens no grant covered. */
  uncovered?: bigint;
  /** money consume: the usage tokens the money paid for. */
  paidTokens?: bigint;
};

const ACCOUNT_COLUMNS = `tenant_id::text AS tenant_id, balance::text AS balance, enforced, low_threshold::text AS low_threshold, low_alerted,
  top_up_threshold::text AS top_up_threshold, top_up_tokens::text AS top_up_tokens, top_up_price_minor::text AS top_up_price_minor, top_up_fired,
  money_balance::text AS money_balance, money_currency, money_carry::text AS money_carry, live_money_tokens::text AS live_money_tokens`;

const big = (v: string | null) => (v === null ? null : BigInt(v));

/** Plain SQL, so every step runs inside the caller's transaction (the ledger's batch one included). */
@Injectable()
export class CreditsRepository {
  /** Locks the tenants' accounts in tenant order (creating missing ones), so concurrent writers wait, never deadlock. */
  async lockAccounts(tx: SqlExecutor, tenantIds: string[]): Promise<Map<string, CreditAccountRow>> {
    const ids = [...new Set(tenantIds)].sort();
    await tx.$executeRawUnsafe(
      `INSERT INTO credit_accounts (tenant_id) SELECT unnest($1::uuid[]) ORDER BY 1 ON CONFLICT (tenant_id) DO NOTHING`,
      ids,
    );
    const rows = await tx.$queryRawUnsafe<Record<string, string | boolean | null>[]>(
      `SELECT ${ACCOUNT_COLUMNS} FROM credit_accounts WHERE tenant_id = ANY($1::uuid[]) ORDER BY tenant_id FOR UPDATE`,
      ids,
    );
    return new Map(rows.map((r) => [String(r.tenant_id), accountOf(r)]));
  }

  /** Locks only the accounts that are enforced (prepaid), in tenant order: the ledger's hot path skips all others. */
  async lockEnforcedAccounts(tx: SqlExecutor, tenantIds: string[]): Promise<Map<string, CreditAccountRow>> {
    const rows = await tx.$queryRawUnsafe<Record<string, string | boolean | null>[]>(
      `SELECT ${ACCOUNT_COLUMNS} FROM credit_accounts WHERE tenant_id = ANY($1::uuid[]) AND enforced ORDER BY tenant_id FOR UPDATE`,
      issuedTenantIds(tenantIds),
    );
    return new Map(rows.map((r) => [String(r.tenant_id), accountOf(r)]));
  }

  async saveAccount(tx: SqlExecutor, a: CreditAccountRow): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE credit_accounts SET balance = $2::bigint, enforced = $3, low_threshold = $4::bigint, low_alerted = $5, top_up_threshold = $6::bigint,
         top_up_tokens = $7::bigint, top_up_price_minor = $8::bigint, top_up_fired = $9, money_balance = $10::bigint, money_currency = $11,
         money_carry = $12::bigint, live_money_tokens = $13::bigint, updated_at = now() WHERE tenant_id = $1::uuid`,
      a.tenantId,
      a.balance.toString(),
      a.enforced,
      a.lowThreshold?.toString() ?? null,
      a.lowAlerted,
      a.topUpThreshold?.toString() ?? null,
      a.topUpTokens?.toString() ?? null,
      a.topUpPriceMinor?.toString() ?? null,
      a.topUpFired,
      a.moneyBalance.toString(),
      a.moneyCurrency,
      a.moneyCarry.toString(),
      a.liveMoneyTokens.toString(),
    );
  }

  /** Live grants (token and money ones) with something left, locked, for the tenants given. */
  async drawableGrants(tx: SqlExecutor, tenantIds: string[], now: Date): Promise<Map<string, (DrawableGrant & { tenantId: string; unit: string })[]>> {
    const rows = await tx.$queryRawUnsafe<{ id: string; tenant_id: string; unit: string; remaining: string; priority: number; expires_at: Date | null; created_at: Date }[]>(
      `SELECT id::text, tenant_id::text, unit, remaining::text, priority, expires_at, created_at FROM credit_grants
        WHERE tenant_id = ANY($1::uuid[]) AND remaining > 0 AND voided_at IS NULL AND expired_at IS NULL
          AND (expires_at IS NULL OR expires_at > $2) ORDER BY id FOR UPDATE`,
      tenantIds,
      now,
    );
    const byTenant = new Map<string, (DrawableGrant & { tenantId: string; unit: string })[]>();
    for (const r of rows) {
      const grant = { id: r.id, tenantId: r.tenant_id, unit: r.unit, remaining: BigInt(r.remaining), priority: r.priority, expiresAt: r.expires_at, createdAt: r.created_at };
      byTenant.set(r.tenant_id, [...(byTenant.get(r.tenant_id) ?? []), grant]);
    }
    return byTenant;
  }

  async setRemaining(tx: SqlExecutor, grants: { id: string; remaining: bigint }[]): Promise<void> {
    if (grants.length === 0) return;
    await tx.$executeRawUnsafe(
      `UPDATE credit_grants g SET remaining = v.remaining FROM unnest($1::uuid[], $2::bigint[]) AS v(id, remaining) WHERE g.id = v.id`,
      grants.map((g) => g.id),
      grants.map((g) => g.remaining.toString()),
    );
  }

  async insertGrant(tx: SqlExecutor, grant: NewGrant): Promise<string> {
    const [row] = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO credit_grants (id, tenant_id, unit, amount, remaining, priority, expires_at, reason, source, granted_by_user_id)
       VALUES (gen_random_uuid(), $1::uuid, $8, $2::bigint, $2::bigint, $3, $4, $5, $6, $7::uuid) RETURNING id::text`,
      grant.tenantId,
      grant.amount.toString(),
      grant.priority,
      grant.expiresAt,
      grant.reason,
      grant.source,
      grant.grantedByUserId,
      grant.unit,
    );
    return row.id;
  }

  async insertPurchase(tx: SqlExecutor, purchase: { tenantId: string; grantId: string; period: string; tokens: bigint; amountMinor: bigint }): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO credit_purchases (id, tenant_id, grant_id, period, tokens, amount_minor) VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, $4::bigint, $5::bigint)`,
      purchase.tenantId,
      purchase.grantId,
      purchase.period,
      purchase.tokens.toString(),
      purchase.amountMinor.toString(),
    );
  }

  async insertTransactions(tx: SqlExecutor, rows: CreditTransactionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO credit_transactions (tenant_id, grant_id, kind, unit, amount, balance_after, period, meter, uncovered, paid_tokens)
       SELECT t, g, k, un, a, b, p, m, u, pt FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::bigint[])
         WITH ORDINALITY AS v(t, g, k, a, b, p, m, u, un, pt, n) ORDER BY n`,
      rows.map((r) => r.tenantId),
      rows.map((r) => r.grantId),
      rows.map((r) => r.kind),
      rows.map((r) => r.amount.toString()),
      rows.map((r) => r.balanceAfter.toString()),
      rows.map((r) => r.period),
      rows.map((r) => r.meter),
      rows.map((r) => r.uncovered?.toString() ?? null),
      rows.map((r) => r.unit),
      rows.map((r) => r.paidTokens?.toString() ?? null),
    );
  }

  /** A grant locked for a change (void), or undefined when the tenant has no such grant. */
  async lockGrant(tx: SqlExecutor, tenantId: string, grantId: string) {
    const [row] = await tx.$queryRawUnsafe<{ id: string; unit: string; remaining: string; voided_at: Date | null; expired_at: Date | null }[]>(
      `SELECT id::text, unit, remaining::text, voided_at, expired_at FROM credit_grants WHERE id = $1::uuid AND tenant_id = $2::uuid FOR UPDATE`,
      grantId,
      tenantId,
    );
    return row && { id: row.id, unit: row.unit, remaining: BigInt(row.remaining), voidedAt: row.voided_at, expiredAt: row.expired_at };
  }

  async endGrant(tx: SqlExecutor, grantId: string, how: 'voided_at' | 'expired_at', at: Date): Promise<void> {
    await tx.$executeRawUnsafe(`UPDATE credit_grants SET ${how} = $2, remaining = 0 WHERE id = $1::uuid`, grantId, at);
  }

  /** Tenants with live token grants past their expiry, oldest expiry first. */
  async tenantsWithExpiredGrants(tx: SqlExecutor, now: Date, limit: number): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<{ tenant_id: string }[]>(
      `SELECT DISTINCT tenant_id::text FROM credit_grants WHERE expires_at <= $1 AND expired_at IS NULL AND voided_at IS NULL LIMIT $2`,
      now,
      limit,
    );
    return rows.map((r) => r.tenant_id);
  }

  async expiredGrants(tx: SqlExecutor, tenantId: string, now: Date): Promise<{ id: string; unit: string; remaining: bigint }[]> {
    const rows = await tx.$queryRawUnsafe<{ id: string; unit: string; remaining: string }[]>(
      `SELECT id::text, unit, remaining::text FROM credit_grants WHERE tenant_id = $1::uuid AND expires_at <= $2 AND expired_at IS NULL AND voided_at IS NULL ORDER BY id FOR UPDATE`,
      tenantId,
      now,
    );
    return rows.map((r) => ({ id: r.id, unit: r.unit, remaining: BigInt(r.remaining) }));
  }

  /** The dearest price per token of each meter under the plan in force on `day` (null without a subscription). */
  async moneyPricingOn(tx: SqlExecutor, tenantId: string, day: string): Promise<MoneyPricing | null> {
    const rows = await tx.$queryRawUnsafe<{ currency: string; batch_discount_percent: number; meter: string | null; price: string | null }[]>(
      `WITH plan AS (SELECT p.id, p.currency, p.batch_discount_percent FROM subscriptions s JOIN plans p ON p.id = s.plan_id
         WHERE s.tenant_id = $1::uuid AND s.starts_on <= $2::date AND (s.ends_on IS NULL OR s.ends_on > $2::date) ORDER BY s.starts_on DESC LIMIT 1)
       SELECT plan.currency, plan.batch_discount_percent, t.meter, MAX(t.unit_price_per_1k_minor)::text AS price
         FROM plan LEFT JOIN plan_price_tiers t ON t.plan_id = plan.id GROUP BY 1, 2, 3`,
      tenantId,
      day,
    );
    if (rows.length === 0) return null;
    const dearestTierPer1kMinor = Object.fromEntries(rows.filter((r) => r.meter !== null).map((r) => [r.meter, BigInt(r.price!)]));
    return moneyPricingOf({ currency: rows[0].currency, batchDiscountPercent: rows[0].batch_discount_percent, dearestTierPer1kMinor });
  }

  /** Whether the plan in force on `day` is prepaid (false without a subscription). */
  async prepaidOn(tx: SqlExecutor, tenantId: string, day: string): Promise<boolean> {
    const [row] = await tx.$queryRawUnsafe<{ prepaid: boolean }[]>(
      `SELECT p.prepaid FROM subscriptions s JOIN plans p ON p.id = s.plan_id
        WHERE s.tenant_id = $1::uuid AND s.starts_on <= $2::date AND (s.ends_on IS NULL OR s.ends_on > $2::date) ORDER BY s.starts_on DESC LIMIT 1`,
      tenantId,
      day,
    );
    return row?.prepaid ?? false;
  }

  /** Tenants whose enforcement no longer matches the plan in force on `day` (a subscription began or ended). */
  async enforcementMismatches(tx: SqlExecutor, day: string, limit: number): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<{ tenant_id: string }[]>(
      `WITH today AS (
         SELECT s.tenant_id, bool_or(p.prepaid) AS prepaid FROM subscriptions s JOIN plans p ON p.id = s.plan_id
          WHERE s.starts_on <= $1::date AND (s.ends_on IS NULL OR s.ends_on > $1::date) GROUP BY s.tenant_id)
       SELECT t.tenant_id::text FROM today t LEFT JOIN credit_accounts a ON a.tenant_id = t.tenant_id WHERE t.prepaid <> COALESCE(a.enforced, false)
       UNION
       SELECT a.tenant_id::text FROM credit_accounts a LEFT JOIN today t ON t.tenant_id = a.tenant_id WHERE a.enforced AND t.tenant_id IS NULL
       LIMIT $2`,
      day,
      limit,
    );
    return rows.map((r) => r.tenant_id);
  }

  /** Tokens drawn from credits in a period, per meter (what the invoice's credit line takes off). */
  async creditedTokens(tx: SqlExecutor, tenantId: string, period: string): Promise<Map<string, bigint>> {
    const rows = await tx.$queryRawUnsafe<{ meter: string; tokens: string }[]>(
      `SELECT meter, (-SUM(amount))::text AS tokens FROM credit_transactions WHERE tenant_id = $1::uuid AND period = $2 AND kind = 'consume' AND unit = 'tokens' GROUP BY meter`,
      tenantId,
      period,
    );
    return new Map(rows.map((r) => [r.meter, BigInt(r.tokens)]));
  }

  /** Money drawn from credits in a period per meter, with the tokens it paid for (the invoice's money credit lines). */
  async creditedMoney(tx: SqlExecutor, tenantId: string, period: string): Promise<Map<string, { minor: bigint; tokens: bigint; currency: string }>> {
    const rows = await tx.$queryRawUnsafe<{ meter: string; currency: string; minor: string; tokens: string }[]>(
      `SELECT meter, unit AS currency, (-SUM(amount))::text AS minor, COALESCE(SUM(paid_tokens), 0)::text AS tokens FROM credit_transactions
        WHERE tenant_id = $1::uuid AND period = $2 AND kind = 'consume' AND unit <> 'tokens' GROUP BY meter, unit ORDER BY meter, unit`,
      tenantId,
      period,
    );
    return new Map(rows.map((r) => [r.meter, { minor: BigInt(r.minor), tokens: BigInt(r.tokens), currency: r.currency }]));
  }

  async purchases(tx: SqlExecutor, tenantId: string, period: string): Promise<{ tokens: bigint; amountMinor: bigint; createdAt: Date }[]> {
    const rows = await tx.$queryRawUnsafe<{ tokens: string; amount_minor: string; created_at: Date }[]>(
      `SELECT tokens::text, amount_minor::text, created_at FROM credit_purchases WHERE tenant_id = $1::uuid AND period = $2 ORDER BY created_at, id`,
      tenantId,
      period,
    );
    return rows.map((r) => ({ tokens: BigInt(r.tokens), amountMinor: BigInt(r.amount_minor), createdAt: r.created_at }));
  }
}

function accountOf(r: Record<string, string | boolean | null>): CreditAccountRow {
  return {
    tenantId: String(r.tenant_id),
    balance: BigInt(String(r.balance)),
    enforced: Boolean(r.enforced),
    lowThreshold: big(r.low_threshold as string | null),
    lowAlerted: Boolean(r.low_alerted),
    topUpThreshold: big(r.top_up_threshold as string | null),
    topUpTokens: big(r.top_up_tokens as string | null),
    topUpPriceMinor: big(r.top_up_price_minor as string | null),
    topUpFired: Boolean(r.top_up_fired),
    moneyBalance: BigInt(String(r.money_balance)),
    moneyCurrency: (r.money_currency as string | null) ?? null,
    moneyCarry: BigInt(String(r.money_carry)),
    liveMoneyTokens: BigInt(String(r.live_money_tokens)),
  };
}
