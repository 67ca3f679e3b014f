import { ParallelCleaningPipeline, resolveSettings } from '@llmchain/data-cleaning';
import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../config/data-service-config';
import { CorporaRepository } from '../corpora/corpora.repository';
import { DatasetsRepository } from '../datasets/datasets.repository';
import { CleanCorpusJobPayload } from './clean-corpus.job-payload';
import { CleaningRepository } from './cleaning.repository';
import { loadContaminationCheck } from './contamination-check';
import { loadEstimatorTokenizer, SampledTokenEstimator } from './token-estimator';
import { AppliedQualityClassifier } from '../quality-classifiers/applied-quality-classifier';
import { CleaningRunOutput } from './run-output';
import { runCorpora, runDocuments } from './run-sources';
import { ShardedCleaningStart } from './sharded/sharded-cleaning-start';

const PROGRESS_EVERY_MS = 500;

/**
 * One cleaning run. With CLEANING_SHARD_DOCUMENTS set it only splits the corpora into shards for the cleaning workers
 * ({@link ShardedCleaningStart}); otherwise it streams every source corpus from the blob store through the pipeline
 * in this process, writes kept documents and all decisions as the new version's files, records progress as it goes,
 * then publishes the version. On failure the run is marked failed and its files removed.
 */
@Injectable()
export class CleanCorpusJob implements OnModuleInit {
  constructor(
    private readonly runs: CleaningRepository,
    private readonly corpora: CorporaRepository,
    private readonly datasets: DatasetsRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
    private readonly qualityClassifier: AppliedQualityClassifier,
    private readonly sharded: ShardedCleaningStart,
  ) {}

  onModuleInit(): void {
    loadEstimatorTokenizer();
  }

  async execute({ runId, tenantId }: CleanCorpusJobPayload, reportFraction: (fraction: number) => Promise<void>): Promise<void> {
    const run = await this.runs.findById(tenantId, runId);
    if (!run || run.status === 'succeeded') return;
    if (this.config.CLEANING_SHARD_DOCUMENTS > 0) return this.sharded.execute(run);
    await this.runs.markRunning(run.id);
    const output = new CleaningRunOutput(this.blobs, this.runs, this.datasets, run);
    try {
      await output.begin();
      const ordered = await runCorpora(this.corpora, tenantId, run.corpusIds);
      const settings = resolveSettings(run.settings as object);
      const estimator = new SampledTokenEstimator();
      // The stages run on worker threads with a budget per document: this thread keeps answering HTTP, Kafka and
      // BullMQ's lock renewals whatever a document holds.
      const pipeline = new ParallelCleaningPipeline(settings, {
        qualityModel: await this.qualityClassifier.load(tenantId, settings),
        workers: this.config.CLEANING_WORKERS,
        documentBudgetMs: this.config.CLEANING_DOCUMENT_BUDGET_MS,
        estimateTokens: (text) => estimator.estimate(text),
        contamination: await loadContaminationCheck(this.datasets, this.blobs, tenantId, settings),
      });
      const totalBytes = Number(run.totalBytes);
      let bytesRead = 0;
      let documents = 0;
      let lastProgress = Date.now();
      try {
        for await (const outcome of pipeline.process(runDocuments(this.blobs, this.config, ordered, (bytes) => (bytesRead += bytes)))) {
          await output.add(outcome);
          documents++;
          if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
            lastProgress = Date.now();
            await this.runs.recordProgress(run.id, bytesRead, documents);
            await reportFraction(totalBytes > 0 ? bytesRead / totalBytes : 0);
          }
        }
      } finally {
        await pipeline.close();
      }
      await this.runs.recordProgress(run.id, bytesRead, documents);
      await output.publish(pipeline.buildReport(), ordered);
      await reportFraction(1);
    } catch (error) {
      await output.fail(error as Error);
      throw error;
    }
  }
}
