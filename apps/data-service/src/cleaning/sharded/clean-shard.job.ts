import { dedupKeysLine, dedupKeysOf, shardDocumentLine, SourceDocument, withContamination } from '@llmchain/data-cleaning';
import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CleaningRepository } from '../cleaning.repository';
import { CleaningShardsRepository } from './cleaning-shards.repository';
import { CleanShardJob, shardBlobKeys } from './sharded-cleaning-jobs';
import { BufferedLines, blobLines } from './shard-lines';
import { ShardedRunContexts } from './sharded-run-context';

/**
 * One shard's per-document stages (datatrove's stage 1): filters, quality classifier, contamination, PII, the exact
 * digest and the MinHash signature, on worker threads with the per-document time budget. Writes the documents and
 * their dedup keys as two blobs, then records the shard done. Redone from the start when its worker died: the blobs
 * it rewrites hold the same bytes (keys are never overwritten) and the shard is recorded once.
 */
@Injectable()
export class CleanShardJobHandler {
  constructor(
    private readonly runs: CleaningRepository,
    private readonly shards: CleaningShardsRepository,
    private readonly contexts: ShardedRunContexts,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async execute(job: CleanShardJob): Promise<void> {
    const run = await this.runs.findById(job.tenantId, job.runId);
    if (!run || run.status !== 'running' || (await this.shards.isDone(job.runId, job.shard))) return;
    const { contamination } = await this.contexts.forRun(run);
    const preparer = await this.contexts.preparerFor(run);
    const documents = new BufferedLines(await this.blobs.stage());
    const keys = new BufferedLines(await this.blobs.stage());
    let count = 0;
    try {
      for await (const prepared of preparer.prepare(this.sourceDocuments(job))) {
        const document = withContamination(prepared, contamination);
        await documents.add(shardDocumentLine(document));
        const dedupKeys = dedupKeysOf(document);
        if (dedupKeys) await keys.add(dedupKeysLine(dedupKeys));
        count++;
      }
    } catch (error) {
      await this.contexts.discardPreparer(run.id);
      await Promise.all([documents.abort(), keys.abort()]).catch(() => undefined);
      throw error;
    }
    await documents.commit(shardBlobKeys.documents(job, job.shard));
    await keys.commit(shardBlobKeys.dedupKeys(job, job.shard));
    await this.shards.recordDone(job.runId, job.shard, job.bytes, count);
  }

  private async *sourceDocuments(job: CleanShardJob): AsyncGenerator<SourceDocument> {
    for await (const line of blobLines(this.blobs, shardBlobKeys.source(job, job.shard))) yield JSON.parse(line) as SourceDocument;
  }
}
