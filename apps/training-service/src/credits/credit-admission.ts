import { LiveCreditBalance, REDIS } from '@llmchain/platform';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';

/**
 * Training jobs and eval runs start only while a prepaid tenant's live balance (the one serving admits against) is
 * above zero. Their tokens are known only at the end, so billing takes them off the balance when it meters them.
 */
@Injectable()
export class CreditAdmission {
  private readonly balance: LiveCreditBalance;

  constructor(@Inject(REDIS) redis: Redis) {
    this.balance = new LiveCreditBalance(redis);
  }

  async assertCredit(tenantId: string): Promise<void> {
    if (await this.balance.hasCredit(tenantId)) return;
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        code: 'insufficient_quota',
        message: 'your prepaid credit balance is used up: add credits (or turn on automatic top-up) to start training or evals',
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
