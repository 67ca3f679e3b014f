import { SourceDocument } from '@llmchain/data-cleaning';
import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../../config/data-service-config';
import { CorporaRepository } from '../../corpora/corpora.repository';
import { CleaningRun } from '../../generated/prisma/client';
import { CleaningRepository } from '../cleaning.repository';
import { runCorpora, runDocuments } from '../run-sources';
import { CleaningShardsRepository } from './cleaning-shards.repository';
import { ShardedCleaningFlows } from './sharded-cleaning-flows';
import { shardBlobKeys, ShardedRunJob } from './sharded-cleaning-jobs';
import { BufferedLines } from './shard-lines';
import { ShardedRunFailure } from './sharded-run-failure';

/**
 * The first step of a sharded run: reads the corpora once, in run order, into shards of CLEANING_SHARD_DOCUMENTS
 * documents (blobs of JSON lines), then queues one job per shard and the dedup plan after them. The shards' order is
 * the run's: shard i holds the documents after shard i-1's, which the merge relies on to decide them as one pass does.
 */
@Injectable()
export class ShardedCleaningStart {
  constructor(
    private readonly runs: CleaningRepository,
    private readonly corpora: CorporaRepository,
    private readonly shards: CleaningShardsRepository,
    private readonly flows: ShardedCleaningFlows,
    private readonly failure: ShardedRunFailure,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
  ) {}

  async execute(run: CleaningRun): Promise<void> {
    await this.runs.markRunning(run.id);
    try {
      // A coordinator redone after a crash starts the count again; shard files it rewrites hold the same bytes.
      await this.shards.removeForRun(run.id);
      const ordered = await runCorpora(this.corpora, run.tenantId, run.corpusIds);
      const job: ShardedRunJob = { runId: run.id, tenantId: run.tenantId, shards: 0, partitions: this.config.CLEANING_DEDUP_PARTITIONS };
      const shardBytes: number[] = [];
      let bytesRead = 0;
      let shardStart = 0;
      let shard: BufferedLines | null = null;
      let documents = 0;
      const close = async () => {
        await (shard ?? new BufferedLines(await this.blobs.stage())).commit(shardBlobKeys.source(job, shardBytes.length));
        shardBytes.push(bytesRead - shardStart);
        shardStart = bytesRead;
        shard = null;
        documents = 0;
      };
      for await (const document of runDocuments(this.blobs, this.config, ordered, (bytes) => (bytesRead += bytes))) {
        shard ??= new BufferedLines(await this.blobs.stage());
        await shard.add(`${JSON.stringify(document satisfies SourceDocument)}\n`);
        if (++documents === this.config.CLEANING_SHARD_DOCUMENTS) await close();
      }
      // A run with no documents still has one (empty) shard, so its flow and its empty version go the usual way.
      if (shard || shardBytes.length === 0) await close();
      shardBytes[shardBytes.length - 1] += bytesRead - shardStart;
      await this.flows.addShards({ ...job, shards: shardBytes.length }, shardBytes);
    } catch (error) {
      await this.failure.fail(run.id, run.tenantId, error as Error);
      throw error;
    }
  }
}
