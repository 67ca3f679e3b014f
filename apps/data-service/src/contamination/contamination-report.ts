import { CONTAMINATION_NGRAM_WORDS, ContaminationIndex } from '@llmchain/data-cleaning';
import { BlobStore } from '@llmchain/platform';
import { versionDocuments } from '../datasets/version-records';
import { ContaminationFindings, ContaminationSide } from './contamination-findings';
import { versionNgrams } from './version-ngrams';

/** Overlapping documents listed per side at most; the count covers them all. */
export const MAX_LISTED_DOCUMENTS = 1000;

type VersionRef = { id: string; manifestBlobKey: string };

async function side(blobs: BlobStore, version: VersionRef, other: ContaminationIndex): Promise<ContaminationSide> {
  const result: ContaminationSide = { versionId: version.id, documents: 0, overlappingDocuments: 0, overlaps: [] };
  for await (const document of versionDocuments(blobs, version.manifestBlobKey)) {
    result.documents++;
    const matchedNgrams = other.matches(document.text);
    if (matchedNgrams === 0) continue;
    result.overlappingDocuments++;
    if (result.overlaps.length < MAX_LISTED_DOCUMENTS) result.overlaps.push({ documentId: document.documentId, matchedNgrams });
  }
  return result;
}

/** The 13-gram overlap of two versions, from both sides: which documents of each share n-grams with the other, and how many. */
export async function contaminationFindings(blobs: BlobStore, version: VersionRef, against: VersionRef): Promise<ContaminationFindings> {
  const [ours, theirs] = [await versionNgrams(blobs, version.manifestBlobKey), await versionNgrams(blobs, against.manifestBlobKey)];
  return {
    ngramWords: CONTAMINATION_NGRAM_WORDS,
    sharedNgrams: ours.sharedWith(theirs),
    datasetVersion: await side(blobs, version, theirs),
    againstVersion: await side(blobs, against, ours),
  };
}
