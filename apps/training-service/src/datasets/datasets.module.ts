import { Module } from '@nestjs/common';
import { DatasetVersionsConsumer } from './dataset-versions.consumer';
import { DatasetVersionsRepository } from './dataset-versions.repository';

@Module({
  controllers: [DatasetVersionsConsumer],
  providers: [DatasetVersionsRepository],
  exports: [DatasetVersionsRepository],
})
export class DatasetsModule {}
