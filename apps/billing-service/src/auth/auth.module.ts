import { ApiKeyVerifier, DATABASE, REDIS, TopicNamespace, TransactionalDb } from '@llmchain/platform';
import { Global, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { BillingAuthGuard } from './billing-auth.guard';
import { LoginThrottle } from './login-throttle';

/** Billing authenticates keys against its own tables: a tenant's suspension is its suspended_at. */
const BILLING_KEY_TABLES = { keys: 'api_keys', tenantStatus: 'tenants', tenantStatusIdColumn: 'id' };

/** Logins, sessions and the guard every billing controller uses; global so feature modules need not import it. */
@Global()
@Module({
  controllers: [AuthController],
  providers: [
    { provide: ApiKeyVerifier, inject: [DATABASE], useFactory: (db: TransactionalDb) => new ApiKeyVerifier(db, BILLING_KEY_TABLES) },
    {
      provide: LoginThrottle,
      inject: [REDIS, BILLING_CONFIG, TopicNamespace],
      useFactory: (redis: Redis, config: BillingConfig, namespace: TopicNamespace) =>
        new LoginThrottle(
          redis,
          { accountFailures: config.LOGIN_ACCOUNT_FAILURES, addressFailures: config.LOGIN_ADDRESS_FAILURES, maxBackoffMs: config.LOGIN_MAX_BACKOFF_SECONDS * 1000 },
          namespace.prefix,
        ),
    },
    AuthRepository,
    AuthService,
    BillingAuthGuard,
  ],
  exports: [AuthService, BillingAuthGuard],
})
export class AuthModule {}
