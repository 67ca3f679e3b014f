import { CorpusFormat, readDocuments, SourceDocument } from '@llmchain/data-cleaning';
import { BlobStore } from '@llmchain/platform';
import { Transform } from 'node:stream';
import { DataServiceConfig, readLimits } from '../config/data-service-config';
import { corpusBytes } from '../corpora/corpus-bytes';
import { CorporaRepository } from '../corpora/corpora.repository';
import { Corpus } from '../generated/prisma/client';

/** A run's corpora in the order the run names them (the order its documents are decided in); throws if one is gone. */
export async function runCorpora(corpora: CorporaRepository, tenantId: string, corpusIds: string[]): Promise<Corpus[]> {
  const found = await corpora.findManyByIds(tenantId, corpusIds);
  const byId = new Map(found.map((c) => [c.id, c]));
  return corpusIds.map((id) => {
    const corpus = byId.get(id);
    if (!corpus) throw new Error(`corpus ${id} no longer exists`);
    return corpus;
  });
}

/** Every document of the corpora, in run order, streamed from the blob store; `onBytes` counts the stored bytes read. */
export async function* runDocuments(
  blobs: BlobStore,
  config: DataServiceConfig,
  ordered: Corpus[],
  onBytes: (bytes: number) => void,
): AsyncGenerator<SourceDocument> {
  const limits = readLimits(config);
  for (const corpus of ordered) {
    const counted = blobs.openRead(corpus.blobKey).pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          onBytes(chunk.length);
          done(null, chunk);
        },
      }),
    );
    yield* readDocuments(corpusBytes(counted, corpus.gzip, config.UPLOAD_MAX_DECOMPRESSED_BYTES), corpus.format as CorpusFormat, corpus.id, limits);
  }
}
