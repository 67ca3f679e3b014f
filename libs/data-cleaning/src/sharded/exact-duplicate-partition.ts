import { ExactDeduplicator } from '../dedup/exact-dedup';
import { DedupKeys } from './shard-document';

/** Which of `partitions` partitions owns a digest: its first four bytes, so every copy of a text lands in the same one. */
export function digestPartition(digest: string, partitions: number): number {
  return Buffer.from(digest, 'base64').readUInt32BE(0) % partitions;
}

/**
 * Exact dedup for the digests of one partition, fed every shard's keys in run order: the first document of each
 * digest is the original and every later one its duplicate, as in a single pass. Holds one entry per distinct digest
 * of the partition.
 */
export class ExactDuplicatePartition {
  /** Duplicate document id → the id of the first document with its digest. */
  readonly duplicates = new Map<string, string>();
  private readonly firsts = new ExactDeduplicator();

  constructor(
    readonly partition: number,
    readonly partitions: number,
  ) {}

  add({ id, digest }: DedupKeys): void {
    if (digest === undefined || digestPartition(digest, this.partitions) !== this.partition) return;
    const first = this.firsts.checkDigest(id, digest);
    if (first !== null) this.duplicates.set(id, first);
  }
}
