import { ApiKeyReplicaConsumer, ApiKeyReplicaRepository } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import { RequestPathSqlModule } from '../database/request-path-sql.module';
import { ServingApiKeyGuard } from './serving-api-key.guard';

/**
 * Tenants' API keys: serving's replicas of billing's keys and suspensions, and the guard that checks them. A module
 * whose controllers use the guard imports this one; Nest builds the guard in that module, so the request-path pool
 * it injects is exported with it.
 */
@Module({
  imports: [RequestPathSqlModule],
  controllers: [ApiKeyReplicaConsumer],
  providers: [ApiKeyReplicaRepository, ServingApiKeyGuard],
  exports: [ServingApiKeyGuard, RequestPathSqlModule],
})
export class ServingAuthModule {}
