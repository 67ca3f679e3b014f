import { CleaningRun } from '../../generated/prisma/client';

/** What every job of a sharded cleaning run carries through Redis: ids and counts; the rest is in Postgres and blobs. */
export type ShardedRunJob = { runId: string; tenantId: string; shards: number; partitions: number };
/** `bytes`: the stored corpus bytes the shard's documents came from, added to the run's progress when it is done. */
export type CleanShardJob = ShardedRunJob & { shard: number; bytes: number };
export type DedupPartitionJob = ShardedRunJob & { partition: number };

/** Where a sharded run's intermediate files live: apart from the version's own prefix, deleted once it is published. */
export function shardedWorkPrefix(run: Pick<CleaningRun, 'id' | 'tenantId'> | { runId: string; tenantId: string }): string {
  return `tenants/${run.tenantId}/cleaning-work/${'runId' in run ? run.runId : run.id}`;
}

const padded = (index: number) => String(index).padStart(6, '0');

export const shardBlobKeys = {
  /** The shard's source documents (JSON lines of {id, text, metadata}). */
  source: (job: ShardedRunJob, shard: number) => `${shardedWorkPrefix(job)}/shards/${padded(shard)}/source.jsonl`,
  /** Every document as the per-document stages left it, in order. */
  documents: (job: ShardedRunJob, shard: number) => `${shardedWorkPrefix(job)}/shards/${padded(shard)}/documents.jsonl`,
  /** The dedup keys (digest, MinHash signature) of the documents that reached deduplication, in order. */
  dedupKeys: (job: ShardedRunJob, shard: number) => `${shardedWorkPrefix(job)}/shards/${padded(shard)}/dedup-keys.jsonl`,
  /** A dedup partition's findings: exact duplicates and the documents sharing an LSH bucket. */
  partition: (job: ShardedRunJob, partition: number) => `${shardedWorkPrefix(job)}/partitions/${padded(partition)}.json`,
};

/** Job ids derived from the run, so adding a job twice (a coordinator redone after a crash) adds it once. */
export const shardedJobIds = {
  shard: (runId: string, shard: number) => `${runId}.shard.${shard}`,
  plan: (runId: string) => `${runId}.dedup-plan`,
  partition: (runId: string, partition: number) => `${runId}.partition.${partition}`,
  merge: (runId: string) => `${runId}.merge`,
};
