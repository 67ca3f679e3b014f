import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { ModelsModule } from '../models/models.module';
import { ModelImportsController } from './model-imports.controller';
import { ModelImportsService } from './model-imports.service';

@Module({
  imports: [JobsModule, ModelsModule],
  controllers: [ModelImportsController],
  providers: [ModelImportsService],
})
export class ModelImportsModule {}
