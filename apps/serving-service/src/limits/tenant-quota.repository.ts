import { QuotaUpdatedV1 } from '@llmchain/contracts';
import { DATABASE, SqlExecutor } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';

export interface TenantLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
  /** The plan stops at its included tokens and none are left. */
  exhausted: boolean;
}

@Injectable()
export class TenantQuotaRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  async limitsOf(tenantId: string): Promise<TenantLimits | null> {
    const row = await this.db.tenantQuota.findUnique({ where: { tenantId } });
    if (!row) return null;
    return {
      requestsPerMinute: row.requestsPerMinute,
      tokensPerMinute: row.tokensPerMinute,
      exhausted: row.hardStop && row.remainingIncludedTokens <= 0n,
    };
  }

  async update(tx: SqlExecutor, data: QuotaUpdatedV1['data']): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO tenant_quotas (tenant_id, remaining_included_tokens, hard_stop, requests_per_minute, tokens_per_minute, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (tenant_id) DO UPDATE SET remaining_included_tokens = $2, hard_stop = $3, requests_per_minute = $4,
         tokens_per_minute = $5, updated_at = now()`,
      data.tenantId,
      BigInt(data.remainingIncludedTokens),
      data.hardStop,
      data.requestsPerMinute,
      data.tokensPerMinute,
    );
  }
}
