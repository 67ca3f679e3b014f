import { Corpus } from '../generated/prisma/client';
import { CorpusWire } from './corpus.schemas';

/** A corpus as the API shows it (byte counts as numbers: JSON has no BigInt). */
export function corpusView(corpus: Corpus) {
  return {
    id: corpus.id,
    filename: corpus.filename,
    format: corpus.format,
    gzip: corpus.gzip,
    sha256: corpus.sha256,
    bytes: Number(corpus.bytes),
    documents: corpus.documents,
    createdAt: corpus.createdAt.toISOString(),
  } satisfies CorpusWire;
}

export type CorpusView = ReturnType<typeof corpusView>;
