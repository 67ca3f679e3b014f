import { readDocuments } from '@llmchain/data-cleaning';
import { BlobStore } from '@llmchain/platform';
import { text } from 'node:stream/consumers';
import { DatasetManifest } from './dataset-version-writer';

export type VersionDocument = { documentId: string; text: string };

/** Streams the documents of a cleaned dataset version (shard by shard, in order) from its manifest. */
export async function* versionDocuments(blobs: BlobStore, manifestBlobKey: string): AsyncGenerator<VersionDocument> {
  const manifest = JSON.parse(await text(blobs.openRead(manifestBlobKey))) as DatasetManifest;
  if (manifest.format !== 'documents') throw new Error(`version ${manifestBlobKey} holds ${manifest.format} records, not documents`);
  for (const shard of manifest.shards) {
    for await (const document of readDocuments(blobs.openRead(shard.key), 'jsonl', shard.key)) {
      yield { documentId: String(document.metadata?.id ?? document.id), text: document.text };
    }
  }
}
