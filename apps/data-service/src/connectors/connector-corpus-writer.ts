import { BlobStore } from '@llmchain/platform';
import { HttpStatus } from '@nestjs/common';
import { StagedCorpusFile } from '../corpora/staged-corpus-file';
import { uploadRejected } from '../corpora/upload-errors';
import { ImportedItem, SkipReason } from './import-settings';

export type CorpusWriteLimits = {
  /** A document's text, in bytes (the reader's document limit). */
  maxDocumentBytes: number;
  /** A whole JSONL line, text and metadata (the reader's line limit). */
  maxLineBytes: number;
  /** The whole corpus, in bytes (the decompressed upload limit). */
  maxCorpusBytes: number;
  /** Epoch milliseconds after which the import stops. */
  deadline: number;
};

export type WrittenCorpus = StagedCorpusFile & { skipped: Partial<Record<SkipReason, number>> };

const FLUSH_BYTES = 1024 * 1024;

/**
 * Writes a connector's documents as a JSONL corpus (`{"text", ...metadata}` a line: the format uploads use, so cleaning
 * reads it unchanged) into a staged blob. A document over the size limits is skipped as too_large; a corpus over the
 * byte limit, a run past its deadline, or no document at all (unless `allowEmpty`: a recrawl that found nothing new)
 * aborts the staged blob and refuses the import.
 */
export async function writeConnectorCorpus(
  items: AsyncIterable<ImportedItem>,
  blobs: BlobStore,
  filename: string,
  limits: CorpusWriteLimits & { allowEmpty: true },
): Promise<WrittenCorpus | null>;
export async function writeConnectorCorpus(
  items: AsyncIterable<ImportedItem>,
  blobs: BlobStore,
  filename: string,
  limits: CorpusWriteLimits,
): Promise<WrittenCorpus>;
export async function writeConnectorCorpus(
  items: AsyncIterable<ImportedItem>,
  blobs: BlobStore,
  filename: string,
  limits: CorpusWriteLimits & { allowEmpty?: boolean },
): Promise<WrittenCorpus | null> {
  const staged = await blobs.stage();
  const skipped: Partial<Record<SkipReason, number>> = {};
  const skip = (reason: SkipReason) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  let documents = 0;
  let total = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes > 0) await staged.write(Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const item of items) {
      if (Date.now() > limits.deadline)
        throw uploadRejected(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'too_slow',
          `the import ran past its time limit after ${documents} documents: split the source into smaller files`,
        );
      if ('skipped' in item) {
        skip(item.skipped);
        continue;
      }
      const line = Buffer.from(`${JSON.stringify({ ...item.metadata, text: item.text })}\n`);
      if (Buffer.byteLength(item.text) > limits.maxDocumentBytes || line.length - 1 > limits.maxLineBytes) {
        skip('too_large');
        continue;
      }
      total += line.length;
      if (total > limits.maxCorpusBytes)
        throw uploadRejected(
          HttpStatus.PAYLOAD_TOO_LARGE,
          'too_large',
          `the documents come to more than the ${limits.maxCorpusBytes}-byte corpus limit: split the source into smaller files`,
        );
      pending.push(line);
      pendingBytes += line.length;
      documents++;
      if (pendingBytes >= FLUSH_BYTES) await flush();
    }
    await flush();
    if (documents === 0 && limits.allowEmpty) {
      await staged.abort();
      return null;
    }
    if (documents === 0) {
      const reasons = Object.entries(skipped).map(([reason, count]) => `${count} ${reason}`);
      throw uploadRejected(
        HttpStatus.BAD_REQUEST,
        'empty',
        `the source yielded no documents${reasons.length > 0 ? ` (skipped: ${reasons.join(', ')})` : ''}: check the text column and the file`,
      );
    }
    const { bytes, sha256 } = await staged.finish();
    return { staged, filename, format: 'jsonl', gzip: false, extension: '.jsonl', bytes, sha256, documents, skipped };
  } catch (error) {
    await staged.abort();
    throw error;
  }
}
