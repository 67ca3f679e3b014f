import { ApiKeyPrincipal } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { OpenAiError } from '../common/openai-error';
import { TenantShare } from '../engine/tenant-fair-queue';
import { AdmissionHolds, TokenReservation } from './admission-holds.service';
import { RateLimitLane } from './rate-limit-windows';
import { TenantLimitsCache } from './tenant-limits.cache';

/**
 * A request's tokens counted against its tenant's plan, prepaid credits, hard budgets and per-minute limits before
 * any work is done: 429 insufficient_quota for a used-up hard quota or credit balance, 429 budget_exceeded naming
 * the budget, 429 rate_limit_exceeded (with Retry-After) for a full window, checked in that order in one Redis
 * script (AdmissionHolds); a refusal gives back what the earlier checks held. Batch API requests pass the same
 * checks, counted in the batch lane's own per-minute windows.
 */
@Injectable()
export class TokenAdmission {
  constructor(
    private readonly limits: TenantLimitsCache,
    private readonly holds: AdmissionHolds,
  ) {}

  async admit(principal: ApiKeyPrincipal, tokens: number, lane: RateLimitLane = 'interactive'): Promise<TokenReservation> {
    const limits = await this.limits.limitsOf(principal.tenantId);
    if (limits.exhausted) throw OpenAiError.quotaExhausted();
    const verdict = await this.holds.hold(principal, limits, tokens, Date.now(), lane);
    if (verdict.ok) return verdict.reservation;
    if (verdict.refused === 'credits') throw OpenAiError.creditsExhausted();
    if (verdict.refused === 'budget') throw OpenAiError.budgetExceeded(verdict.budget, tokens);
    throw OpenAiError.rateLimited(`Rate limit reached: ${verdict.limit} (limit reached for this minute).`, verdict.retryAfterSeconds);
  }

  /**
   * Starts reading the tenant's limits when they are not cached, without waiting: a request calls it before resolving
   * its model's alias, so after an idle second the two reads overlap rather than follow each other. admit() finds the
   * read under way (or its value) and sees its failure, if any.
   */
  prefetch(tenantId: string): void {
    this.limits.limitsOf(tenantId).catch(() => undefined);
  }

  /** The tenant's plan terms for the batch's fair queue (read with its limits, at most a second old). */
  async shareOf(tenantId: string): Promise<TenantShare> {
    const limits = await this.limits.limitsOf(tenantId);
    return { tenantId, weight: limits.schedulingWeight, maxSequences: limits.maxConcurrentSequences };
  }

  /** Gives back what the request reserved and did not use; takes what it used off a prepaid balance. */
  async settle(reservation: TokenReservation, used: number): Promise<void> {
    await this.holds.release(reservation, used);
  }
}
