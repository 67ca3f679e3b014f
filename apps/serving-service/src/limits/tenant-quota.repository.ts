import { QuotaUpdatedV1, QuotaUpdatedV2 } from '@llmchain/contracts';
import { DATABASE, SqlExecutor } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';

export interface TenantLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
  /** The plan stops at its included tokens and none are left. */
  exhausted: boolean;
  /** The plan's weight in a model's fair queue and its concurrent sequences per model. */
  schedulingWeight: number;
  maxConcurrentSequences: number;
}

/** What quota.updated v1 does not carry: the configured defaults apply. */
export type StoredTenantLimits = Omit<TenantLimits, 'schedulingWeight' | 'maxConcurrentSequences'> & Partial<TenantLimits>;

@Injectable()
export class TenantQuotaRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  async limitsOf(tenantId: string): Promise<StoredTenantLimits | null> {
    const row = await this.db.tenantQuota.findUnique({ where: { tenantId } });
    if (!row) return null;
    return {
      requestsPerMinute: row.requestsPerMinute,
      tokensPerMinute: row.tokensPerMinute,
      exhausted: row.hardStop && row.remainingIncludedTokens <= 0n,
      schedulingWeight: row.schedulingWeight ?? undefined,
      maxConcurrentSequences: row.maxConcurrentSequences ?? undefined,
    };
  }

  /** A v1 event leaves the serving terms as they were (a v2 sent earlier, or the defaults). */
  async update(tx: SqlExecutor, data: QuotaUpdatedV1['data'] | QuotaUpdatedV2['data']): Promise<void> {
    const terms = 'schedulingWeight' in data ? data : undefined;
    await tx.$executeRawUnsafe(
      `INSERT INTO tenant_quotas (tenant_id, remaining_included_tokens, hard_stop, requests_per_minute, tokens_per_minute,
         scheduling_weight, max_concurrent_sequences, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (tenant_id) DO UPDATE SET remaining_included_tokens = $2, hard_stop = $3, requests_per_minute = $4,
         tokens_per_minute = $5, scheduling_weight = COALESCE($6, tenant_quotas.scheduling_weight),
         max_concurrent_sequences = COALESCE($7, tenant_quotas.max_concurrent_sequences), updated_at = now()`,
      data.tenantId,
      BigInt(data.remainingIncludedTokens),
      data.hardStop,
      data.requestsPerMinute,
      data.tokensPerMinute,
      terms?.schedulingWeight ?? null,
      terms?.maxConcurrentSequences ?? null,
    );
  }
}
