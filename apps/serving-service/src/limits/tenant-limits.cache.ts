import { Inject, Injectable } from '@nestjs/common';
import { RefreshAheadCache } from '../common/refresh-ahead-cache';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { TenantLimits, TenantQuotaRepository } from './tenant-quota.repository';

/**
 * A tenant's limits as of at most a second ago: a quota.updated reaches every serving process within a second
 * (through the table, whichever process consumed it). A tenant sending requests has them re-read in the background
 * before they expire, so its requests do not wait for the database.
 */
@Injectable()
export class TenantLimitsCache {
  private readonly cache: RefreshAheadCache<TenantLimits>;

  constructor(
    private readonly quotas: TenantQuotaRepository,
    @Inject(SERVING_CONFIG) private readonly config: ServingConfig,
  ) {
    this.cache = new RefreshAheadCache((tenantId) => this.read(tenantId), { ttlMs: 1000, maxEntries: 100_000 });
  }

  limitsOf(tenantId: string, now = Date.now()): Promise<TenantLimits> {
    return this.cache.get(tenantId, now);
  }

  private async read(tenantId: string): Promise<TenantLimits> {
    const stored = await this.quotas.limitsOf(tenantId);
    return {
      requestsPerMinute: stored?.requestsPerMinute ?? this.config.DEFAULT_REQUESTS_PER_MINUTE,
      tokensPerMinute: stored?.tokensPerMinute ?? this.config.DEFAULT_TOKENS_PER_MINUTE,
      exhausted: stored?.exhausted ?? false,
      schedulingWeight: stored?.schedulingWeight ?? this.config.DEFAULT_SCHEDULING_WEIGHT,
      maxConcurrentSequences: stored?.maxConcurrentSequences ?? this.config.DEFAULT_MAX_CONCURRENT_SEQUENCES,
    };
  }
}
