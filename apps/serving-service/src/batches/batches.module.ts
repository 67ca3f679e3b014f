import { Module } from '@nestjs/common';
import { ServingAuthModule } from '../auth/serving-auth.module';
import { RequestPathSqlModule } from '../database/request-path-sql.module';
import { MeteringModule } from '../metering/metering.module';
import { OpenAiModule } from '../openai/openai.module';
import { BatchAnswerRecorder } from './batch-answer-recorder';
import { BatchFilesController } from './batch-files.controller';
import { BatchFilesRepository } from './batch-files.repository';
import { BatchFilesService } from './batch-files.service';
import { BatchLifecycle } from './batch-lifecycle';
import { BatchRequestExecutor } from './batch-request-executor';
import { BatchRunner } from './batch-runner';
import { BatchesController } from './batches.controller';
import { BatchesRepository } from './batches.repository';
import { BatchesService } from './batches.service';

/** OpenAI's Files and Batch APIs: uploaded request files run in the background through the same inference. */
@Module({
  imports: [RequestPathSqlModule, ServingAuthModule, MeteringModule, OpenAiModule],
  controllers: [BatchFilesController, BatchesController],
  providers: [
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
export class BatchesModule {}
