import { HttpStatus } from '@nestjs/common';
import { BlobStore } from '@llmchain/platform';
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { CorpusFileType, corpusFileType, TxtSplit } from './corpus-file-type';
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
export async function receiveCorpusFile(
  request: IncomingMessage,
  blobStore: BlobStore,
  options: UploadOptions,
): Promise<ReceivedCorpusFile> {
  if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? ''))
    throw uploadRejected(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'not_multipart',
      'send the corpus as multipart/form-data with one file part',
    );
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: options.maxBytes, fields: 20 } });
  } catch (error) {
    // A content type without a boundary, say.
    throw badMultipart(error);
  }
  const upload: { file: Promise<ReceivedCorpusFile> | null; extraFile: boolean } = { file: null, extraFile: false };
  parser.on('file', (_field, file, info) => {
    // A broken form is reported on the parser too, and answered below. The file stream needs a listener of its own:
    // it may fail while staging has not started reading it yet, and an unheard 'error' would stop the process.
    file.on('error', () => undefined);
    if (upload.file) {
      upload.extraFile = true;
      file.resume();
      return;
    }
    upload.file = stageFile(file, info.filename ?? '', blobStore, options);
    upload.file.catch(() => file.resume());
  });
  parser.on('filesLimit', () => (upload.extraFile = true));
  // Every parser error is a 400 (events.once would reject with the raw error and leave later errors unheard).
  const finished = new Promise<void>((resolve, reject) => {
    parser.once('close', resolve);
    parser.on('error', (error) => reject(badMultipart(error)));
  });
  request.pipe(parser);
  try {
    await finished;
  } catch (error) {
    // The file may have been staged whole before the form broke: nothing of a rejected upload stays behind.
    await upload.file?.then(
      (file) => file.staged.abort(),
      () => undefined,
    );
    throw error;
  }

  if (!upload.file) throw uploadRejected(HttpStatus.BAD_REQUEST, 'no_file', 'the request has no file part: attach the corpus file');
  const file = await upload.file;
  if (upload.extraFile) {
    await file.staged.abort();
    throw uploadRejected(HttpStatus.BAD_REQUEST, 'too_many_files', 'send one corpus file per upload');
  }
  return file;
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

function badMultipart(error: unknown) {
  return uploadRejected(HttpStatus.BAD_REQUEST, 'not_multipart', `the multipart body could not be read: ${(error as Error).message}`);
}
