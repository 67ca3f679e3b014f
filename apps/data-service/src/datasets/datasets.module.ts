import { Module } from '@nestjs/common';
import { DatasetsController } from './datasets.controller';
import { DatasetsRepository } from './datasets.repository';

@Module({
  controllers: [DatasetsController],
  providers: [DatasetsRepository],
  exports: [DatasetsRepository],
})
export class DatasetsModule {}
