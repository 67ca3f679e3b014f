import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { ModelsModule } from '../models/models.module';
import { ModelMergesController } from './model-merges.controller';
import { ModelMergesService } from './model-merges.service';

@Module({
  imports: [JobsModule, ModelsModule],
  controllers: [ModelMergesController],
  providers: [ModelMergesService],
})
export class ModelMergesModule {}
