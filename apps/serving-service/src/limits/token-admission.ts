import { ApiKeyPrincipal } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { TenantShare } from '../engine/tenant-fair-queue';
import { OpenAiError } from '../openai/openai-error';
import { RateLimiter, TokenReservation } from './rate-limiter';
import { TenantLimitsCache } from './tenant-limits.cache';

/**
 * A request's tokens counted against its tenant's plan and per-minute limits before any work is done: 429
 * insufficient_quota for a used-up hard quota, 429 rate_limit_exceeded (with Retry-After) for a full window.
 */
@Injectable()
export class TokenAdmission {
  constructor(
    private readonly limits: TenantLimitsCache,
    private readonly limiter: RateLimiter,
  ) {}

  async admit(principal: ApiKeyPrincipal, tokens: number): Promise<TokenReservation> {
    const limits = await this.limits.limitsOf(principal.tenantId);
    if (limits.exhausted) throw OpenAiError.quotaExhausted();
    const verdict = await this.limiter.admit(principal, limits, tokens);
    if (!verdict.ok) throw OpenAiError.rateLimited(`Rate limit reached: ${verdict.limit} (limit reached for this minute).`, verdict.retryAfterSeconds);
    return verdict.reservation;
  }

  /** The tenant's plan terms for the batch's fair queue (read with its limits, at most a second old). */
  async shareOf(tenantId: string): Promise<TenantShare> {
    const limits = await this.limits.limitsOf(tenantId);
    return { tenantId, weight: limits.schedulingWeight, maxSequences: limits.maxConcurrentSequences };
  }

  /** Gives back what the request reserved and did not use. */
  settle(reservation: TokenReservation, used: number): Promise<void> {
    return this.limiter.settle(reservation, used);
  }
}
