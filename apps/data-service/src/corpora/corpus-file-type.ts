import { HttpStatus } from '@nestjs/common';
import { CorpusFormat } from '@llmchain/data-cleaning';
import { uploadRejected } from './upload-errors';

export type TxtSplit = 'file' | 'blank-lines';
export type CorpusFileType = { format: CorpusFormat; gzip: boolean; extension: string };

/** The file's type from its name: .txt or .jsonl, optionally .gz. Anything else is refused with 415. */
export function corpusFileType(filename: string, split: TxtSplit): CorpusFileType {
  const match = /\.(txt|jsonl)(\.gz)?$/i.exec(filename);
  if (!match)
    throw uploadRejected(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported_type',
      `"${filename}" is not a supported corpus file: upload .txt or .jsonl, optionally gzip-compressed (.txt.gz, .jsonl.gz)`,
    );
  const kind = match[1].toLowerCase();
  const gzip = Boolean(match[2]);
  const format: CorpusFormat = kind === 'jsonl' ? 'jsonl' : split === 'blank-lines' ? 'txt-blank-lines' : 'txt-whole-file';
  return { format, gzip, extension: `.${kind}${gzip ? '.gz' : ''}` };
}
