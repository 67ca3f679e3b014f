import { PlatformModule } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import { DATA_SERVICE_CONFIG, loadDataServiceConfig } from '../config/data-service-config';
import { CorporaRepository } from '../corpora/corpora.repository';
import { DatasetsRepository } from '../datasets/datasets.repository';
import { PrismaClient } from '../generated/prisma/client';
import { AppliedQualityClassifier } from '../quality-classifiers/applied-quality-classifier';
import { QualityClassifiersRepository } from '../quality-classifiers/quality-classifiers.repository';
import { CleanCorpusJob } from './clean-corpus.job';
import { CLEANING_WORKER_PROCESS, CleaningQueue } from './cleaning-queue';
import { CleaningRepository } from './cleaning.repository';
import { CleanShardJobHandler } from './sharded/clean-shard.job';
import { DedupPartitionJobHandler } from './sharded/dedup-partition.job';
import { MergeShardsJobHandler } from './sharded/merge-shards.job';
import { ShardedCleaningWorkers } from './sharded/sharded-cleaning-workers';
import { ShardedRunContexts } from './sharded/sharded-run-context';
import { SHARDED_RUN_START } from './sharded/sharded-run-start.providers';

/**
 * A cleaning worker process: takes cleaning runs (one process each, or the split of a sharded one) and the shard,
 * dedup-partition and merge jobs of sharded runs, plus the platform's health checks and outbox relay (a merge
 * publishes `dataset.version.ready`). No HTTP API and no Kafka consumer.
 */
@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'data-service', prismaClient: PrismaClient, serviceConfig: { token: DATA_SERVICE_CONFIG, load: loadDataServiceConfig }, blobStore: true })],
  providers: [
    { provide: CLEANING_WORKER_PROCESS, useValue: true },
    CleaningRepository,
    CorporaRepository,
    DatasetsRepository,
    QualityClassifiersRepository,
    AppliedQualityClassifier,
    CleaningQueue,
    CleanCorpusJob,
    ...SHARDED_RUN_START,
    ShardedRunContexts,
    CleanShardJobHandler,
    DedupPartitionJobHandler,
    MergeShardsJobHandler,
    ShardedCleaningWorkers,
  ],
})
export class CleaningWorkerModule {}
