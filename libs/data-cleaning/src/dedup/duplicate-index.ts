import { ExactDeduplicator } from './exact-dedup';
import { LshIndex, NearDuplicateMatch, NearDuplicateSettings } from './lsh-index';

/**
 * How the pipeline asks whether a document duplicates an earlier one, in input order. A single process answers from
 * indexes it builds as it goes ({@link LocalDuplicateIndex}); a sharded run answers from duplicates resolved across all
 * shards beforehand (`ResolvedDuplicates`).
 */
export interface DuplicateIndex {
  /** The earlier document with the same digest, or null (this one is then the first of its digest). */
  exactDuplicateOf(documentId: string, digest: string): string | null;
  /** The best confirmed earlier match among kept documents, or null (this one is then kept and indexed). */
  nearDuplicateOf(documentId: string, signature: Uint32Array): NearDuplicateMatch | null;
}

export class LocalDuplicateIndex implements DuplicateIndex {
  private readonly exact = new ExactDeduplicator();
  private readonly near: LshIndex;

  constructor(settings: NearDuplicateSettings) {
    this.near = new LshIndex(settings);
  }

  exactDuplicateOf(documentId: string, digest: string): string | null {
    return this.exact.checkDigest(documentId, digest);
  }

  nearDuplicateOf(documentId: string, signature: Uint32Array): NearDuplicateMatch | null {
    return this.near.checkAndAddSignature(documentId, signature);
  }
}
