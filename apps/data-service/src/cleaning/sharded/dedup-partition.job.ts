import { BandPartition, ExactDuplicatePartition, parseDedupKeysLine } from '@llmchain/data-cleaning';
import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CleaningRepository } from '../cleaning.repository';
import { DedupPartitionJob, shardBlobKeys, ShardedRunJob } from './sharded-cleaning-jobs';
import { blobsLines } from './shard-lines';
import { ShardedRunContexts } from './sharded-run-context';

/** What a dedup partition found: exact duplicates (id → first id) of its digests, and the ids sharing a bucket of its bands. */
export type PartitionFindings = { exactDuplicates: [string, string][]; colliding: string[] };

export function dedupKeysKeys(job: ShardedRunJob): string[] {
  return Array.from({ length: job.shards }, (_, shard) => shardBlobKeys.dedupKeys(job, shard));
}

/**
 * One partition of a sharded run's dedup (datatrove's stage 2): reads every shard's dedup keys in run order and keeps
 * only its share, the digests whose first bytes fall in it and the LSH bands it owns. Writes its findings as a blob.
 */
@Injectable()
export class DedupPartitionJobHandler {
  constructor(
    private readonly runs: CleaningRepository,
    private readonly contexts: ShardedRunContexts,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async execute(job: DedupPartitionJob): Promise<void> {
    const run = await this.runs.findById(job.tenantId, job.runId);
    if (!run || run.status !== 'running') return;
    const { settings } = await this.contexts.forRun(run);
    const exact = new ExactDuplicatePartition(job.partition, job.partitions);
    const bands = new BandPartition(settings.nearDedup, job.partition, job.partitions);
    for await (const line of blobsLines(this.blobs, dedupKeysKeys(job))) {
      const keys = parseDedupKeysLine(line);
      if (settings.exactDedup.enabled) exact.add(keys);
      if (settings.nearDedup.enabled) bands.add(keys);
    }
    const findings: PartitionFindings = { exactDuplicates: [...exact.duplicates], colliding: [...bands.colliding] };
    const staged = await this.blobs.stage();
    await staged.write(Buffer.from(JSON.stringify(findings)));
    await staged.commit(shardBlobKeys.partition(job, job.partition));
  }
}
