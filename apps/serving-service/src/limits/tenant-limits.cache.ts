import { Inject, Injectable } from '@nestjs/common';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { TenantLimits, TenantQuotaRepository } from './tenant-quota.repository';

/** How long a tenant's limits are reused before the table is read again. */
const TTL_MS = 1000;

/**
 * A tenant's limits as of at most a second ago: a quota.updated reaches every serving process within a second
 * (through the table, whichever process consumed it), and most requests skip the database read.
 */
@Injectable()
export class TenantLimitsCache {
  private readonly entries = new Map<string, { limits: TenantLimits; readAt: number }>();

  constructor(
    private readonly quotas: TenantQuotaRepository,
    @Inject(SERVING_CONFIG) private readonly config: ServingConfig,
  ) {}

  async limitsOf(tenantId: string, now = Date.now()): Promise<TenantLimits> {
    const cached = this.entries.get(tenantId);
    if (cached && now - cached.readAt < TTL_MS) return cached.limits;
    const stored = await this.quotas.limitsOf(tenantId);
    const limits: TenantLimits = {
      requestsPerMinute: stored?.requestsPerMinute ?? this.config.DEFAULT_REQUESTS_PER_MINUTE,
      tokensPerMinute: stored?.tokensPerMinute ?? this.config.DEFAULT_TOKENS_PER_MINUTE,
      exhausted: stored?.exhausted ?? false,
      schedulingWeight: stored?.schedulingWeight ?? this.config.DEFAULT_SCHEDULING_WEIGHT,
      maxConcurrentSequences: stored?.maxConcurrentSequences ?? this.config.DEFAULT_MAX_CONCURRENT_SEQUENCES,
    };
    if (this.entries.size > 100_000) this.entries.clear();
    this.entries.set(tenantId, { limits, readAt: now });
    return limits;
  }
}
