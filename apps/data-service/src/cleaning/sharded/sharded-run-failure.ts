import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CleaningRepository } from '../cleaning.repository';
import { shardedWorkPrefix } from './sharded-cleaning-jobs';

/** A sharded run that cannot finish: marked failed with the reason, its intermediate and output files removed. */
@Injectable()
export class ShardedRunFailure {
  constructor(
    private readonly runs: CleaningRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** A run already published stays so: a late failure (say, of a redone job) does not undo it. */
  async fail(runId: string, tenantId: string, error: Error): Promise<void> {
    const run = await this.runs.findById(tenantId, runId);
    if (!run || run.status === 'succeeded' || run.status === 'failed') return;
    await this.runs.markFailed(runId, error.message);
    await this.removeWork({ runId, tenantId }).catch(() => undefined);
    for (const key of await this.blobs.list(`tenants/${tenantId}/cleaning-runs/${runId}`).catch(() => [])) await this.blobs.delete(key).catch(() => undefined);
  }

  async removeWork(run: { runId: string; tenantId: string }): Promise<void> {
    for (const key of await this.blobs.list(shardedWorkPrefix(run))) await this.blobs.delete(key);
  }
}
