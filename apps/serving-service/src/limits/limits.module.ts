import { LiveCreditBalance, REDIS } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { AdmissionHolds } from './admission-holds.service';
import { BudgetConsumer } from './budget.consumer';
import { CreditBalanceConsumer } from './credit-balance.consumer';
import { LiveBudgets } from './live-budgets';
import { QuotaConsumer } from './quota.consumer';
import { TenantLimitsCache } from './tenant-limits.cache';
import { TenantQuotaRepository } from './tenant-quota.repository';
import { TokenAdmission } from './token-admission.service';

/** What a tenant may spend: quotas, rate limits, live credit balances and budgets, and the admission that checks them. */
@Module({
  controllers: [QuotaConsumer, CreditBalanceConsumer, BudgetConsumer],
  providers: [
    TenantQuotaRepository,
    TenantLimitsCache,
    AdmissionHolds,
    LiveBudgets,
    { provide: LiveCreditBalance, inject: [REDIS], useFactory: (redis: Redis) => new LiveCreditBalance(redis) },
    TokenAdmission,
  ],
  exports: [TokenAdmission],
})
export class LimitsModule {}
