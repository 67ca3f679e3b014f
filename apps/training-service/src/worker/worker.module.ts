import { PlatformModule } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import { loadTrainingConfig, TRAINING_CONFIG } from '../config/training-config';
import { CreditsModule } from '../credits/credits.module';
import { EvalRunCompletion } from '../evals/eval-run-completion';
import { EvalRunHold } from '../evals/eval-run-hold';
import { EvalWorkers } from '../evals/eval-workers';
import { EvalsRepository } from '../evals/evals.repository';
import { RunEvalJob } from '../evals/run-eval.job';
import { DatasetVersionsRepository } from '../datasets/dataset-versions.repository';
import { PrismaClient } from '../generated/prisma/client';
import { TrainingJobCompletion } from '../jobs/training-job-completion';
import { TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { ModelsRepository } from '../models/models.repository';
import { TrainingQueues } from '../queues/training-queues';
import { RunModelImportJob } from './run-model-import.job';
import { RunModelMergeJob } from './run-model-merge.job';
import { CheckpointEvals } from './checkpoint-evals';
import { RunTrainingJob } from './run-training.job';
import { TrainingWorkers } from './training-workers';
import { ValidateDatasetJob } from './validate-dataset.job';

/**
 * A training worker process: the queue workers and what they write to, plus the platform's health checks and outbox
 * relay (its events go out even when no API process runs). No HTTP API and no Kafka consumer.
 */
@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'training-service', prismaClient: PrismaClient, serviceConfig: { token: TRAINING_CONFIG, load: loadTrainingConfig }, blobStore: true }),
    CreditsModule,
  ],
  providers: [
    DatasetVersionsRepository,
    ModelsRepository,
    TrainingJobsRepository,
    TrainingJobCompletion,
    TrainingQueues,
    ValidateDatasetJob,
    RunTrainingJob,
    RunModelImportJob,
    RunModelMergeJob,
    TrainingWorkers,
    EvalsRepository,
    EvalRunCompletion,
    EvalRunHold,
    RunEvalJob,
    EvalWorkers,
    CheckpointEvals,
  ],
})
export class WorkerModule {}
