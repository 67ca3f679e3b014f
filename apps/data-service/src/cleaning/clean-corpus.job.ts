import { CorpusFormat, ParallelCleaningPipeline, readDocuments, resolveSettings, SourceDocument } from '@llmchain/data-cleaning';
import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import { DATA_SERVICE_CONFIG, DataServiceConfig, readLimits } from '../config/data-service-config';
import { CorporaRepository } from '../corpora/corpora.repository';
import { DatasetsRepository } from '../datasets/datasets.repository';
import { corpusBytes } from '../corpora/corpus-bytes';
import { CleanCorpusJobPayload } from './clean-corpus.job-payload';
import { CleaningRepository } from './cleaning.repository';
import { DatasetVersionWriter } from '../datasets/dataset-version-writer';
import { loadContaminationCheck } from './contamination-check';
import { loadEstimatorTokenizer, SampledTokenEstimator } from './token-estimator';
import { AppliedQualityClassifier } from '../quality-classifiers/applied-quality-classifier';

const PROGRESS_EVERY_MS = 500;

/**
 * One cleaning run: streams every source corpus from the blob store through the pipeline, writes kept documents and
 * all decisions as the new version's files, records progress as it goes, then publishes the version (row, report,
 * lineage and `dataset.version.ready`) in one transaction. On failure the run is marked failed and its files removed.
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
  ) {}

  onModuleInit(): void {
    loadEstimatorTokenizer();
  }

  async execute({ runId, tenantId }: CleanCorpusJobPayload, reportFraction: (fraction: number) => Promise<void>): Promise<void> {
    const run = await this.runs.findById(tenantId, runId);
    if (!run || run.status === 'succeeded') return;
    await this.runs.markRunning(run.id);
    const versionId = randomUUID();
    // Keyed by run, not version: a retry after a crash finds and removes what the dead attempt had committed.
    const writer = new DatasetVersionWriter(this.blobs, `tenants/${tenantId}/cleaning-runs/${run.id}`, 'documents');
    try {
      await writer.removeCommitted();
      const corpora = await this.corpora.findManyByIds(tenantId, run.corpusIds);
      const byId = new Map(corpora.map((c) => [c.id, c]));
      const ordered = run.corpusIds.map((id) => {
        const corpus = byId.get(id);
        if (!corpus) throw new Error(`corpus ${id} no longer exists`);
        return corpus;
      });
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
      const blobs = this.blobs;
      const maxDecompressedBytes = this.config.UPLOAD_MAX_DECOMPRESSED_BYTES;
      const limits = readLimits(this.config);
      async function* sourceDocuments(): AsyncGenerator<SourceDocument> {
        for (const corpus of ordered) {
          const counted = blobs.openRead(corpus.blobKey).pipe(
            new Transform({
              transform(chunk: Buffer, _encoding, done) {
                bytesRead += chunk.length;
                done(null, chunk);
              },
            }),
          );
          yield* readDocuments(corpusBytes(counted, corpus.gzip, maxDecompressedBytes), corpus.format as CorpusFormat, corpus.id, limits);
        }
      }

      try {
        for await (const { decision, output } of pipeline.process(sourceDocuments())) {
          await writer.addDecision(decision);
          if (output) await writer.addRecord(output, Buffer.byteLength(output.text));
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

      const report = pipeline.buildReport();
      const { manifestBlob } = await writer.finish();
      const version = {
        id: versionId,
        tenantId,
        manifestBlobKey: manifestBlob.key,
        manifestSha256: manifestBlob.sha256,
        documents: report.documentsOut,
        bytes: BigInt(report.bytesOut),
        estimatedTokens: BigInt(report.estimatedTokens),
        lineage: {
          cleaningRunId: run.id,
          sourceCorpora: ordered.map((c) => ({ id: c.id, sha256: c.sha256, filename: c.filename, documents: c.documents })),
          settings: report.settings,
          settingsHash: report.settingsHash,
        },
        report,
      };
      await this.datasets.publishVersion(tenantId, run.datasetName, version, (tx, created) =>
        this.runs.markSucceeded(tx, run, created.id),
      );
      await reportFraction(1);
    } catch (error) {
      await writer.abort().catch(() => undefined);
      await this.runs.markFailed(run.id, (error as Error).message);
      throw error;
    }
  }
}
