import { LiveCreditBalance, REDIS } from '@llmchain/platform';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';

/**
 * How long a run's hold lasts when nothing ends it: a run ends its hold however it finishes (including the stalled-job
 * sweep failing it), so this only bounds the hold of a run whose end was lost.
 */
export const RUN_HOLD_TTL_MS = 24 * 3600_000;

/**
 * Prepaid tenants' training jobs and eval runs against the live balance serving admits against. A job or run holds
 * its estimated tokens (an eval run's: eval-run-estimate.ts) from creation until it ends, and starts only when what
 * the balance has left after every other hold covers them all, so concurrent jobs and runs cannot together spend
 * past the balance. Their tokens are known only at the end: billing takes them off the balance when it meters them,
 * and the hold ends when the job or run does.
 */
@Injectable()
export class CreditAdmission {
  private readonly balance: LiveCreditBalance;

  constructor(@Inject(REDIS) redis: Redis) {
    this.balance = new LiveCreditBalance(redis);
  }

  /** Holds a run's estimated tokens under its id (at least one token, so a tenant at zero starts nothing). */
  async holdRun(tenantId: string, runId: string, estimatedTokens: number, what: 'job' | 'eval run' = 'job'): Promise<void> {
    const tokens = Math.max(1, Math.ceil(estimatedTokens));
    if ((await this.balance.holdWhole(tenantId, runId, tokens, RUN_HOLD_TTL_MS)) !== 'refused') return;
    const available = Math.max(0, (await this.balance.available(tenantId)) ?? 0);
    throw insufficientQuota(
      `this ${what} is estimated at ${tokens} tokens but your prepaid credit balance has ${available} left after your running jobs, eval runs and requests: add credits, wait for one to end, or ${what === 'job' ? 'train fewer steps' : 'evaluate fewer items'}`,
    );
  }

  /** Ends a run's hold (what it used reaches the balance when billing meters it). */
  async releaseRun(tenantId: string, runId: string): Promise<void> {
    await this.balance.settle({ tenantId, holdId: runId, tokens: 0 }, 0);
  }
}

function insufficientQuota(message: string): HttpException {
  return new HttpException({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', code: 'insufficient_quota', message }, HttpStatus.TOO_MANY_REQUESTS);
}
