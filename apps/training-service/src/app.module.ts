import { ApiKeyReplicaAuthModule, PlatformModule } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import { loadTrainingConfig, TRAINING_CONFIG } from './config/training-config';
import { DatasetsModule } from './datasets/datasets.module';
import { EvalsModule } from './evals/evals.module';
import { PrismaClient } from './generated/prisma/client';
import { JobsModule } from './jobs/jobs.module';
import { ModelImportsModule } from './imports/model-imports.module';
import { ModelMergesModule } from './merges/model-merges.module';
import { ModelsModule } from './models/models.module';

/** The API process: jobs and models over HTTP, dataset versions and keys from Kafka. Training runs in worker.ts. */
@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'training-service', prismaClient: PrismaClient, serviceConfig: { token: TRAINING_CONFIG, load: loadTrainingConfig }, blobStore: true }),
    ApiKeyReplicaAuthModule,
    DatasetsModule,
    // Before ModelsModule: /v1/models/imports/… and /v1/models/merges/… must not be read as /v1/models/:id.
    ModelImportsModule,
    ModelMergesModule,
    ModelsModule,
    JobsModule,
    EvalsModule,
  ],
})
export class AppModule {}
