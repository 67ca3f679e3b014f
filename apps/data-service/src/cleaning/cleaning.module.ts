import { Module } from '@nestjs/common';
import { CorporaModule } from '../corpora/corpora.module';
import { DatasetsModule } from '../datasets/datasets.module';
import { QualityClassifiersModule } from '../quality-classifiers/quality-classifiers.module';
import { CleanCorpusJob } from './clean-corpus.job';
import { CleaningController } from './cleaning.controller';
import { CleaningQueue } from './cleaning-queue';
import { CleaningRepository } from './cleaning.repository';
import { CleaningService } from './cleaning.service';
import { SHARDED_RUN_START } from './sharded/sharded-run-start.providers';

@Module({
  imports: [CorporaModule, DatasetsModule, QualityClassifiersModule],
  controllers: [CleaningController],
  providers: [CleaningRepository, CleaningService, CleaningQueue, CleanCorpusJob, ...SHARDED_RUN_START],
})
export class CleaningModule {}
