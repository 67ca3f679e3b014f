import { ApiKeyReplicaConsumer, ApiKeyReplicaRepository, LiveCreditBalance, PlatformModule, REDIS } from '@llmchain/platform';
import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type Redis from 'ioredis';
import { ServingApiKeyGuard } from './auth/serving-api-key.guard';
import { AliasResolver } from './aliases/alias-resolver';
import { ModelAliasConsumer } from './aliases/model-alias.consumer';
import { ServedAliasesRepository } from './aliases/served-aliases.repository';
import { BatchAnswerRecorder } from './batches/batch-answer-recorder';
import { BatchFilesController } from './batches/batch-files.controller';
import { BatchFilesRepository } from './batches/batch-files.repository';
import { BatchFilesService } from './batches/batch-files.service';
import { BatchLifecycle } from './batches/batch-lifecycle';
import { BatchRequestExecutor } from './batches/batch-request-executor';
import { BatchRunner } from './batches/batch-runner';
import { BatchesController } from './batches/batches.controller';
import { BatchesRepository } from './batches/batches.repository';
import { BatchesService } from './batches/batches.service';
import { ServingConfigModule } from './config/serving-config.module';
import { BackgroundLanes } from './engine/background-lanes';
import { RequestPathSql } from './database/request-path-sql';
import { PrismaClient } from './generated/prisma/client';
import { BudgetConsumer } from './limits/budget.consumer';
import { CreditBalanceConsumer } from './limits/credit-balance.consumer';
import { LiveBudgets } from './limits/live-budgets';
import { QuotaConsumer } from './limits/quota.consumer';
import { RateLimiter } from './limits/rate-limiter';
import { TenantLimitsCache } from './limits/tenant-limits.cache';
import { TenantQuotaRepository } from './limits/tenant-quota.repository';
import { TokenAdmission } from './limits/token-admission';
import { OrphanedUsageSettler } from './metering/orphaned-usage-settler';
import { ServingInstance } from './metering/serving-instance';
import { ServingInstancesRepository } from './metering/serving-instances.repository';
import { UsageMeter } from './metering/usage-meter';
import { UsageRecorder } from './metering/usage-recorder';
import { UsageReservationsRepository } from './metering/usage-reservations.repository';
import { MetricsController } from './metrics/metrics.controller';
import { RequestCounterMiddleware } from './metrics/request-counter.middleware';
import { ServingMetrics } from './metrics/serving-metrics';
import { ModelDirectorySource } from './models/model-directory-source';
import { ModelRegistry } from './models/model-registry.service';
import { ModelsConsumer } from './models/models.consumer';
import { ModelsRepository } from './models/models.repository';
import { CompletionsController } from './openai/completions.controller';
import { EmbeddingsController } from './openai/embeddings.controller';
import { EmbeddingsService } from './openai/embeddings.service';
import { InferenceService } from './openai/inference.service';
import { ModelsController } from './openai/models.controller';
import { OpenApiController } from './openai/openapi.controller';

@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'serving-service', prismaClient: PrismaClient }), ServingConfigModule],
  controllers: [
    CompletionsController,
    EmbeddingsController,
    BatchFilesController,
    BatchesController,
    ModelsController,
    OpenApiController,
    MetricsController,
    ModelsConsumer,
    ModelAliasConsumer,
    ApiKeyReplicaConsumer,
    QuotaConsumer,
    CreditBalanceConsumer,
    BudgetConsumer,
  ],
  providers: [
    ModelsRepository,
    ModelDirectorySource,
    ModelRegistry,
    ServedAliasesRepository,
    AliasResolver,
    ApiKeyReplicaRepository,
    ServingApiKeyGuard,
    TenantQuotaRepository,
    TenantLimitsCache,
    RateLimiter,
    LiveBudgets,
    { provide: LiveCreditBalance, inject: [REDIS], useFactory: (redis: Redis) => new LiveCreditBalance(redis) },
    TokenAdmission,
    RequestPathSql,
    UsageRecorder,
    UsageReservationsRepository,
    ServingInstancesRepository,
    ServingInstance,
    UsageMeter,
    OrphanedUsageSettler,
    ServingMetrics,
    BackgroundLanes,
    InferenceService,
    EmbeddingsService,
    BatchFilesRepository,
    BatchFilesService,
    BatchesRepository,
    BatchesService,
    BatchRequestExecutor,
    BatchAnswerRecorder,
    BatchLifecycle,
    BatchRunner,
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestCounterMiddleware).forRoutes('v1/*path');
  }
}
