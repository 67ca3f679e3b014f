import { Module } from '@nestjs/common';
import { CreditsModule } from '../credits/credits.module';
import { DatasetsModule } from '../datasets/datasets.module';
import { ModelsModule } from '../models/models.module';
import { TrainingQueues } from '../queues/training-queues';
import { TrainingJobCompletion } from './training-job-completion';
import { TrainingJobsController } from './training-jobs.controller';
import { TrainingJobsRepository } from './training-jobs.repository';
import { TrainingJobsService } from './training-jobs.service';

@Module({
  imports: [DatasetsModule, ModelsModule, CreditsModule],
  controllers: [TrainingJobsController],
  providers: [TrainingJobsRepository, TrainingJobsService, TrainingJobCompletion, TrainingQueues],
  exports: [TrainingJobsRepository, TrainingJobCompletion, TrainingQueues],
})
export class JobsModule {}
