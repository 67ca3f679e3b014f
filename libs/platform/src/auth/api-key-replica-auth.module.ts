import { Global, Module } from '@nestjs/common';
import { PgNotifications } from '../database/pg-notifications';
import { DATABASE, SqlExecutor } from '../database/sql-client';
import { ApiKeyReplicaConsumer } from './api-key-replica.consumer';
import { ApiKeyReplicaRepository } from './api-key-replica.repository';
import { API_KEY_REPLICA_TABLES, ApiKeyRow, ApiKeyVerifier } from './api-key-verifier';
import { VerifiedKeyCache } from './verified-key-cache';
import { API_KEY_VERIFIER } from './api-key.guard';

/**
 * Tenant authentication for a service that is not billing: the service keeps replicas of billing's keys and tenant
 * suspensions from apikey.* and tenant.status.changed (no call to billing per request), and ApiKeyGuard verifies keys
 * against them. The service's routes declare the scope they need with @RequireApiKeyScope.
 */
@Global()
@Module({
  controllers: [ApiKeyReplicaConsumer],
  providers: [
    ApiKeyReplicaRepository,
    {
      provide: API_KEY_VERIFIER,
      inject: [DATABASE, PgNotifications],
      useFactory: (db: SqlExecutor, notifications: PgNotifications) =>
        new ApiKeyVerifier(db, API_KEY_REPLICA_TABLES, { cache: new VerifiedKeyCache<ApiKeyRow>(notifications) }),
    },
  ],
  exports: [API_KEY_VERIFIER],
})
export class ApiKeyReplicaAuthModule {}
