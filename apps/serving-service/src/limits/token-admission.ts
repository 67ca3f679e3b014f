import { ApiKeyPrincipal, LiveCreditBalance } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { OpenAiError } from '../openai/openai-error';
import { RateLimiter, TokenReservation } from './rate-limiter';
import { TenantLimitsCache } from './tenant-limits.cache';

/**
 * A request's tokens counted against its tenant's plan, prepaid credits and per-minute limits before any work is
 * done: 429 insufficient_quota for a used-up hard quota or credit balance, 429 rate_limit_exceeded (with
 * Retry-After) for a full window.
 */
@Injectable()
export class TokenAdmission {
  constructor(
    private readonly limits: TenantLimitsCache,
    private readonly limiter: RateLimiter,
    private readonly credits: LiveCreditBalance,
  ) {}

  async admit(principal: ApiKeyPrincipal, tokens: number): Promise<TokenReservation> {
    const limits = await this.limits.limitsOf(principal.tenantId);
    if (limits.exhausted) throw OpenAiError.quotaExhausted();
    const credit = await this.credits.hold(principal.tenantId, tokens);
    if (credit === 'refused') throw OpenAiError.creditsExhausted();
    const verdict = await this.limiter.admit(principal, limits, tokens).catch(async (error: unknown) => {
      if (credit) await this.credits.settle(credit, 0);
      throw error;
    });
    if (!verdict.ok) {
      if (credit) await this.credits.settle(credit, 0);
      throw OpenAiError.rateLimited(`Rate limit reached: ${verdict.limit} (limit reached for this minute).`, verdict.retryAfterSeconds);
    }
    return credit ? { ...verdict.reservation, credit } : verdict.reservation;
  }

  /** Gives back what the request reserved and did not use; takes what it used off a prepaid balance. */
  async settle(reservation: TokenReservation, used: number): Promise<void> {
    await this.limiter.settle(reservation, used);
    if (reservation.credit) await this.credits.settle(reservation.credit, used);
  }
}
