import {
  API_KEY_REPLICA_TABLES,
  API_KEY_VERIFIER,
  ApiKeyReplicaConsumer,
  ApiKeyReplicaRepository,
  ApiKeyVerifier,
  DATABASE,
  SqlExecutor,
} from '@llmchain/platform';
import { Global, Module } from '@nestjs/common';

/**
 * Tenants are identified by their API key: the platform's ApiKeyGuard verifies it against training-service's replicas of
 * billing's keys and tenant suspensions (no call to billing per request) and requires the "training" scope on every training
 * route.
 */
@Global()
@Module({
  controllers: [ApiKeyReplicaConsumer],
  providers: [
    ApiKeyReplicaRepository,
    { provide: API_KEY_VERIFIER, inject: [DATABASE], useFactory: (db: SqlExecutor) => new ApiKeyVerifier(db, API_KEY_REPLICA_TABLES) },
  ],
  exports: [API_KEY_VERIFIER],
})
export class AuthModule {}
