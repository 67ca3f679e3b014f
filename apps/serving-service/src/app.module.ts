import { PlatformModule } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import { ServingAuthModule } from './auth/serving-auth.module';
import { BatchesModule } from './batches/batches.module';
import { loadServingConfig, SERVING_CONFIG } from './config/serving-config';
import { PrismaClient } from './generated/prisma/client';
import { LimitsModule } from './limits/limits.module';
import { MeteringModule } from './metering/metering.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModelsModule } from './models/models.module';
import { OpenAiModule } from './openai/openai.module';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'serving-service', prismaClient: PrismaClient, serviceConfig: { token: SERVING_CONFIG, load: loadServingConfig }, blobStore: true }),
    ServingAuthModule,
    LimitsModule,
    MeteringModule,
    ModelsModule,
    MetricsModule,
    OpenAiModule,
    BatchesModule,
  ],
})
export class AppModule {}
