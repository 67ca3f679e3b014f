import { HttpStatus } from '@nestjs/common';
import { BlobStore } from '@llmchain/platform';
import type { IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { CorpusFileType, corpusFileType, TxtSplit } from './corpus-file-type';
import { receiveSingleFilePart } from './single-file-part';
import { StagedCorpusFile } from './staged-corpus-file';
import { uploadRejected } from './upload-errors';

export type ReceivedCorpusFile = StagedCorpusFile;

export type UploadOptions = {
  maxBytes: number;
  split: TxtSplit;
  /** Reads the file's bytes as they arrive and counts its documents; rejecting stops the upload there. */
  countDocuments: (bytes: Readable, type: CorpusFileType) => Promise<number>;
};

/**
 * Streams the single file of a multipart request into a staged blob, hashing it and reading its documents on the way:
 * the file is never held in memory, and a file that breaks a reading rule (a line too long, say) is refused as soon as
 * the bytes that break it arrive, not after the whole upload is stored. Any failure aborts the staged blob before the
 * error leaves, so a rejected upload leaves nothing behind.
 */
export function receiveCorpusFile(request: IncomingMessage, blobStore: BlobStore, options: UploadOptions): Promise<ReceivedCorpusFile> {
  return receiveSingleFilePart(request, {
    what: 'the corpus file',
    maxBytes: options.maxBytes,
    receive: (file, filename) => stageFile(file, filename, blobStore, options),
    discard: (file) => file.staged.abort(),
  });
}

async function stageFile(
  file: Readable & { truncated?: boolean },
  filename: string,
  blobStore: BlobStore,
  options: UploadOptions,
): Promise<ReceivedCorpusFile> {
  const type = corpusFileType(filename, options.split);
  const staged = await blobStore.stage();
  const copy = new PassThrough();
  copy.on('error', () => undefined);
  const counted = options.countDocuments(copy, type);
  let refusal: { error: unknown } | null = null;
  const settled = counted.then(
    () => undefined,
    (error: unknown) => void (refusal = { error }),
  );
  try {
    // Leaving the loop early must not destroy the file stream: busboy would stall on it, and the rest of the request
    // has to be drained (resumed) before the refusal can be answered.
    for await (const chunk of file.iterator({ destroyOnReturn: false })) {
      await staged.write(chunk as Buffer);
      if (!copy.write(chunk)) await Promise.race([once(copy, 'drain'), settled]);
      if (refusal) throw (refusal as { error: unknown }).error;
    }
    copy.end();
    if (file.truncated)
      throw uploadRejected(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'too_large',
        `the file is larger than the ${options.maxBytes}-byte limit: split it into smaller uploads`,
      );
    const documents = await counted;
    const { bytes, sha256 } = await staged.finish();
    return { ...type, filename, staged, bytes, sha256, documents };
  } catch (error) {
    copy.destroy();
    await staged.abort();
    throw error;
  }
}
