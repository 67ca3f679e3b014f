import { ContaminationIndex } from '@llmchain/data-cleaning';
import { BlobStore } from '@llmchain/platform';
import { versionDocuments } from '../datasets/version-records';

/**
 * Distinct 13-grams one side of a check may hold: ~16 bytes each in a Set, so about 32 MiB per side, enough for a
 * version of some 2M words; a larger one is refused with a message rather than held without bound.
 */
export const MAX_CONTAMINATION_NGRAMS = 2_000_000;

/** A version's word n-grams, read from its shards. */
export async function versionNgrams(blobs: BlobStore, manifestBlobKey: string): Promise<ContaminationIndex> {
  const index = new ContaminationIndex(MAX_CONTAMINATION_NGRAMS);
  for await (const document of versionDocuments(blobs, manifestBlobKey)) index.add(document.text);
  return index;
}
