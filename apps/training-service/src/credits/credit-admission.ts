import { LiveCreditBalance, REDIS } from '@llmchain/platform';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';

/**
 * How long a run's hold lasts when nothing ends it: a run ends its hold however it finishes (including the stalled-job
 * sweep failing it), so this only bounds the hold of a run whose end was lost.
 */
export const RUN_HOLD_TTL_MS = 24 * 3600_000;

/**
 * Prepaid tenants' training jobs and eval runs against the live balance serving admits against. Eval runs start
 * only while it is above zero. A training job holds its estimated tokens from creation until it ends, and starts
 * only when what the balance has left after every other hold covers them all, so concurrent jobs cannot together
 * spend past the balance. Its tokens are known only at the end: billing takes them off the balance when it meters
 * them, and the hold ends when the job does.
 */
@Injectable()
export class CreditAdmission {
  private readonly balance: LiveCreditBalance;

  constructor(@Inject(REDIS) redis: Redis) {
    this.balance = new LiveCreditBalance(redis);
  }

  async assertCredit(tenantId: string): Promise<void> {
    if (await this.balance.hasCredit(tenantId)) return;
    throw insufficientQuota('your prepaid credit balance is used up: add credits (or turn on automatic top-up) to start training or evals');
  }

  /** Holds a run's estimated tokens under its id (at least one token, so a tenant at zero starts nothing). */
  async holdRun(tenantId: string, runId: string, estimatedTokens: number): Promise<void> {
    const tokens = Math.max(1, Math.ceil(estimatedTokens));
    if ((await this.balance.holdWhole(tenantId, runId, tokens, RUN_HOLD_TTL_MS)) !== 'refused') return;
    const available = Math.max(0, (await this.balance.available(tenantId)) ?? 0);
    throw insufficientQuota(
      `this job is estimated at ${tokens} tokens but your prepaid credit balance has ${available} left after your running jobs and requests: add credits, wait for a running job to end, or train fewer steps`,
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
