import { DuplicateIndex } from '../dedup/duplicate-index';
import { LshIndex, NearDuplicateMatch, NearDuplicateSettings } from '../dedup/lsh-index';
import { DedupKeys } from './shard-document';

/**
 * Near duplicates across all shards (datatrove's stage 3): the colliding documents, in run order, go through the same
 * greedy index a single pass uses. Leaving the others out changes no answer: a document outside every shared bucket
 * neither finds a candidate nor is ever one. Exact duplicates are skipped, as a single pass removes them before near
 * dedup. Holds the colliding documents' signatures only.
 */
export async function resolveNearDuplicates(
  keysInRunOrder: AsyncIterable<DedupKeys> | Iterable<DedupKeys>,
  colliding: ReadonlySet<string>,
  exactDuplicates: ReadonlyMap<string, string>,
  settings: NearDuplicateSettings,
): Promise<Map<string, NearDuplicateMatch>> {
  const index = new LshIndex(settings);
  const matches = new Map<string, NearDuplicateMatch>();
  for await (const { id, signature } of keysInRunOrder) {
    if (!signature || !colliding.has(id) || exactDuplicates.has(id)) continue;
    const match = index.checkAndAddSignature(id, signature);
    if (match) matches.set(id, match);
  }
  return matches;
}

/** The pipeline's duplicate lookups answered from duplicates resolved over the whole run (document ids are unique in a run). */
export class ResolvedDuplicates implements DuplicateIndex {
  constructor(
    private readonly exact: ReadonlyMap<string, string>,
    private readonly near: ReadonlyMap<string, NearDuplicateMatch>,
  ) {}

  exactDuplicateOf(documentId: string): string | null {
    return this.exact.get(documentId) ?? null;
  }

  nearDuplicateOf(documentId: string): NearDuplicateMatch | null {
    return this.near.get(documentId) ?? null;
  }
}
