import { ApiKeyReplicaConsumer, ApiKeyReplicaRepository, ApiKeyRow, PgNotifications, VerifiedKeyCache } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import { RequestPathSqlModule } from '../database/request-path-sql.module';
import { ServingApiKeyGuard } from './serving-api-key.guard';

/**
 * Tenants' API keys: serving's replicas of billing's keys and suspensions, and the guard that checks them. A module
 * whose controllers use the guard imports this one; Nest builds the guard in that module, so the request-path pool
 * and the key cache it injects are exported with it.
 */
@Module({
  imports: [RequestPathSqlModule],
  controllers: [ApiKeyReplicaConsumer],
  providers: [
    ApiKeyReplicaRepository,
    ServingApiKeyGuard,
    // One per process, shared by the guards Nest builds in each importing module.
    { provide: VerifiedKeyCache, inject: [PgNotifications], useFactory: (notifications: PgNotifications) => new VerifiedKeyCache<ApiKeyRow>(notifications) },
  ],
  exports: [ServingApiKeyGuard, RequestPathSqlModule, VerifiedKeyCache],
})
export class ServingAuthModule {}
