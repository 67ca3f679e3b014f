import { ApiKeyPrincipal } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { OpenAiError } from '../common/openai-error';
import { TenantShare } from '../engine/tenant-fair-queue';
import { AdmissionHolds, TokenReservation } from './admission-holds.service';
import { RateLimitLane } from './rate-limit-windows';
import { TenantLimitsCache } from './tenant-limits.cache';

/** How long a tenant's failed admission keeps its requests from starting before their verdict: a rate window. */
const FAILURE_MEMORY_MS = 60_000;
/** Tenants remembered at most (each a map entry): a flood of refused tenants cannot grow it without bound. */
const FAILURES_KEPT = 10_000;

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

  /** Tenants whose admission failed lately (a refusal, or a limits store that did not answer), when it did. */
  private readonly failedAt = new Map<string, number>();

  async admit(principal: ApiKeyPrincipal, tokens: number, lane: RateLimitLane = 'interactive'): Promise<TokenReservation> {
    try {
      const reservation = await this.reserve(principal, tokens, lane);
      this.failedAt.delete(principal.tenantId);
      return reservation;
    } catch (error) {
      this.noteFailure(principal.tenantId);
      throw error;
    }
  }

  /**
   * Whether a request of the tenant may start on an idle model while its admission is still being decided: not when
   * the tenant's admission failed within the last minute (a tenant at its limits gets no work done before a verdict).
   */
  mayStartBeforeAdmission(tenantId: string): boolean {
    const failed = this.failedAt.get(tenantId);
    return failed === undefined || Date.now() - failed > FAILURE_MEMORY_MS;
  }

  private async reserve(principal: ApiKeyPrincipal, tokens: number, lane: RateLimitLane): Promise<TokenReservation> {
    const limits = await this.limits.limitsOf(principal.tenantId);
    if (limits.exhausted) throw OpenAiError.quotaExhausted();
    const verdict = await this.holds.hold(principal, limits, tokens, Date.now(), lane);
    if (verdict.ok) return verdict.reservation;
    if (verdict.refused === 'credits') throw OpenAiError.creditsExhausted();
    if (verdict.refused === 'budget') throw OpenAiError.budgetExceeded(verdict.budget, tokens);
    throw OpenAiError.rateLimited(`Rate limit reached: ${verdict.limit} (limit reached for this minute).`, verdict.retryAfterSeconds);
  }

  /** The latest failure moves to the end: past the bound, the tenants that failed longest ago are forgotten first. */
  private noteFailure(tenantId: string): void {
    this.failedAt.delete(tenantId);
    this.failedAt.set(tenantId, Date.now());
    if (this.failedAt.size > FAILURES_KEPT) this.failedAt.delete(this.failedAt.keys().next().value as string);
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
