import { lshBandKeys, NearDuplicateSettings } from '../dedup/lsh-index';
import { DedupKeys } from './shard-document';

/** The bands partition `partition` of `partitions` owns: a contiguous range, as even as the band count allows. */
export function bandsOfPartition(partition: number, partitions: number, bands: number): { from: number; to: number } {
  return { from: Math.floor((partition * bands) / partitions), to: Math.floor(((partition + 1) * bands) / partitions) };
}

/**
 * The LSH buckets of some bands, over every shard's signatures (datatrove's stage 2): finds the documents that share a
 * bucket with another. Only those can be, or have, a near duplicate; every other document passes near dedup alone.
 * Holds one entry per distinct bucket of its bands.
 */
export class BandPartition {
  /** Ids of documents that share at least one bucket of these bands with another document. */
  readonly colliding = new Set<string>();
  private readonly firstInBucket: Map<number, string>[];
  private readonly from: number;

  constructor(
    private readonly settings: NearDuplicateSettings,
    partition: number,
    partitions: number,
  ) {
    const { from, to } = bandsOfPartition(partition, partitions, settings.bands);
    this.from = from;
    this.firstInBucket = Array.from({ length: to - from }, () => new Map());
  }

  add({ id, signature }: DedupKeys): void {
    if (!signature) return;
    const keys = lshBandKeys(signature, this.settings.bands, this.settings.rows);
    this.firstInBucket.forEach((buckets, offset) => {
      const key = keys[this.from + offset];
      const first = buckets.get(key);
      if (first === undefined) buckets.set(key, id);
      else this.colliding.add(first).add(id);
    });
  }
}
