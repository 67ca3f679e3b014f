import { CleaningPipeline, parseDedupKeysLine, parseShardDocumentLine, ResolvedDuplicates, resolveNearDuplicates } from '@llmchain/data-cleaning';
import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { buffer } from 'node:stream/consumers';
import { CorporaRepository } from '../../corpora/corpora.repository';
import { DatasetsRepository } from '../../datasets/datasets.repository';
import { CleaningRepository } from '../cleaning.repository';
import { CleaningRunOutput } from '../run-output';
import { runCorpora } from '../run-sources';
import { SampledTokenEstimator } from '../token-estimator';
import { dedupKeysKeys, PartitionFindings } from './dedup-partition.job';
import { shardBlobKeys, ShardedRunJob } from './sharded-cleaning-jobs';
import { blobsLines } from './shard-lines';
import { ShardedRunContexts } from './sharded-run-context';
import { ShardedRunFailure } from './sharded-run-failure';

/**
 * The last step of a sharded run (datatrove's stages 3 and 4): gathers the partitions' findings, resolves near
 * duplicates among the documents that share a bucket (in run order, as one pass would), then decides every document
 * shard by shard in run order and publishes the version; the decisions are written here only, once. Holds the
 * duplicates' ids and the colliding documents' signatures, never the corpus.
 */
@Injectable()
export class MergeShardsJobHandler {
  constructor(
    private readonly runs: CleaningRepository,
    private readonly corpora: CorporaRepository,
    private readonly datasets: DatasetsRepository,
    private readonly contexts: ShardedRunContexts,
    private readonly failure: ShardedRunFailure,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async execute(job: ShardedRunJob): Promise<void> {
    const run = await this.runs.findById(job.tenantId, job.runId);
    if (!run || run.status !== 'running') return;
    const { settings, qualityModel } = await this.contexts.forRun(run);
    const exact = new Map<string, string>();
    const colliding = new Set<string>();
    for (let partition = 0; partition < job.partitions; partition++) {
      const findings = JSON.parse((await buffer(this.blobs.openRead(shardBlobKeys.partition(job, partition)))).toString()) as PartitionFindings;
      for (const [id, first] of findings.exactDuplicates) exact.set(id, first);
      for (const id of findings.colliding) colliding.add(id);
    }
    const keys = async function* (blobs: BlobStore) {
      for await (const line of blobsLines(blobs, dedupKeysKeys(job))) yield parseDedupKeysLine(line);
    };
    const near = await resolveNearDuplicates(keys(this.blobs), colliding, exact, settings.nearDedup);

    const estimator = new SampledTokenEstimator();
    const pipeline = new CleaningPipeline(settings, {
      qualityModel,
      estimateTokens: (text) => estimator.estimate(text),
      duplicates: new ResolvedDuplicates(exact, near),
    });
    const output = new CleaningRunOutput(this.blobs, this.runs, this.datasets, run);
    try {
      await output.begin();
      const ordered = await runCorpora(this.corpora, run.tenantId, run.corpusIds);
      const documentKeys = Array.from({ length: job.shards }, (_, shard) => shardBlobKeys.documents(job, shard));
      for await (const line of blobsLines(this.blobs, documentKeys)) {
        const document = parseShardDocumentLine(line);
        await output.add(pipeline.processPrepared(document, () => document.precomputedRedaction));
      }
      await output.publish(pipeline.buildReport(), ordered);
    } catch (error) {
      await output.fail(error as Error);
      throw error;
    }
    // Published: leftover intermediate files would only take space, so a failure to remove them fails nothing.
    await this.failure.removeWork(job).catch(() => undefined);
  }
}
