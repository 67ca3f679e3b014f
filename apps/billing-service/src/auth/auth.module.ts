import { ApiKeyVerifier, DATABASE, TransactionalDb } from '@llmchain/platform';
import { Global, Module } from '@nestjs/common';
import { BILLING_CONFIG, loadBillingConfig } from '../config/billing-config';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { BillingAuthGuard } from './billing-auth.guard';

/** Billing authenticates keys against its own tables: a tenant's suspension is its suspended_at. */
const BILLING_KEY_TABLES = { keys: 'api_keys', tenantStatus: 'tenants', tenantStatusIdColumn: 'id' };

/** Logins, sessions and the guard every billing controller uses; global so feature modules need not import it. */
@Global()
@Module({
  controllers: [AuthController],
  providers: [
    { provide: BILLING_CONFIG, useFactory: loadBillingConfig },
    { provide: ApiKeyVerifier, inject: [DATABASE], useFactory: (db: TransactionalDb) => new ApiKeyVerifier(db, BILLING_KEY_TABLES) },
    AuthRepository,
    AuthService,
    BillingAuthGuard,
  ],
  exports: [BILLING_CONFIG, AuthService, BillingAuthGuard],
})
export class AuthModule {}
