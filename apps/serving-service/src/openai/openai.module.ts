import { Module } from '@nestjs/common';
import { ServingAuthModule } from '../auth/serving-auth.module';
import { EngineModule } from '../engine/engine.module';
import { LimitsModule } from '../limits/limits.module';
import { MeteringModule } from '../metering/metering.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ModelsModule } from '../models/models.module';
import { CompletionsController } from './completions.controller';
import { EmbeddingsController } from './embeddings.controller';
import { EmbeddingsService } from './embeddings.service';
import { InferenceService } from './inference.service';
import { ModelsController } from './models.controller';
import { OpenApiController } from './openapi.controller';

/** The OpenAI-compatible API: chat and text completions, embeddings, models, and its OpenAPI document. */
@Module({
  imports: [ServingAuthModule, EngineModule, LimitsModule, MeteringModule, MetricsModule, ModelsModule],
  controllers: [CompletionsController, EmbeddingsController, ModelsController, OpenApiController],
  providers: [InferenceService, EmbeddingsService],
  exports: [InferenceService, EmbeddingsService],
})
export class OpenAiModule {}
