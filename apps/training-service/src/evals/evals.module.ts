import { Module } from '@nestjs/common';
import { CreditsModule } from '../credits/credits.module';
import { DatasetsModule } from '../datasets/datasets.module';
import { ModelsModule } from '../models/models.module';
import { EvalRunCompletion } from './eval-run-completion';
import { EvalRunHold } from './eval-run-hold';
import { EvalRunQueue } from './eval-run-queue';
import { EvalsController } from './evals.controller';
import { EvalsRepository } from './evals.repository';
import { EvalsService } from './evals.service';

@Module({
  imports: [DatasetsModule, ModelsModule, CreditsModule],
  controllers: [EvalsController],
  providers: [EvalsRepository, EvalsService, EvalRunCompletion, EvalRunHold, EvalRunQueue],
})
export class EvalsModule {}
