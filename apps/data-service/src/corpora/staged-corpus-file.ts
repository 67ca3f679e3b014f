import { StagedBlob } from '@llmchain/platform';
import { CorpusFileType } from './corpus-file-type';

/** A corpus file written to a staged blob, hashed and read through once: ready to become a corpus or be dropped. */
export type StagedCorpusFile = CorpusFileType & {
  filename: string;
  staged: StagedBlob;
  bytes: number;
  sha256: string;
  documents: number;
};
