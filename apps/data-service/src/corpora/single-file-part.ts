import { HttpStatus } from '@nestjs/common';
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { uploadRejected } from './upload-errors';

export type FilePartHandler<T> = {
  /** What the file is, for messages: "the corpus", "the source file". */
  what: string;
  maxBytes: number;
  /** Reads the file part's stream (busboy marks it `truncated` past maxBytes) into whatever the caller keeps. */
  receive: (file: Readable & { truncated?: boolean }, filename: string) => Promise<T>;
  /** Drops what `receive` kept, when the request is refused after all. */
  discard: (received: T) => Promise<void>;
};

/**
 * Reads a multipart/form-data request that must carry exactly one file part, handing the part's stream to `receive`
 * as it arrives. A broken form, no file or a second file is refused with 4xx, and whatever was received is discarded
 * first, so a refused request leaves nothing behind.
 */
export async function receiveSingleFilePart<T>(request: IncomingMessage, handler: FilePartHandler<T>): Promise<T> {
  if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? ''))
    throw uploadRejected(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'not_multipart',
      `send ${handler.what} as multipart/form-data with one file part`,
    );
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: handler.maxBytes, fields: 20 } });
  } catch (error) {
    // A content type without a boundary, say.
    throw badMultipart(error);
  }
  const upload: { file: Promise<T> | null; extraFile: boolean } = { file: null, extraFile: false };
  parser.on('file', (_field, file, info) => {
    // A broken form is reported on the parser too, and answered below. The file stream needs a listener of its own:
    // it may fail while the receiver has not started reading it yet, and an unheard 'error' would stop the process.
    file.on('error', () => undefined);
    if (upload.file) {
      upload.extraFile = true;
      file.resume();
      return;
    }
    upload.file = handler.receive(file, info.filename ?? '');
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
    // The file may have been received whole before the form broke: nothing of a refused request stays behind.
    await upload.file?.then(handler.discard, () => undefined);
    throw error;
  }

  if (!upload.file) throw uploadRejected(HttpStatus.BAD_REQUEST, 'no_file', `the request has no file part: attach ${handler.what}`);
  const file = await upload.file;
  if (upload.extraFile) {
    await handler.discard(file);
    throw uploadRejected(HttpStatus.BAD_REQUEST, 'too_many_files', `send one file per request: ${handler.what}`);
  }
  return file;
}

function badMultipart(error: unknown) {
  return uploadRejected(HttpStatus.BAD_REQUEST, 'not_multipart', `the multipart body could not be read: ${(error as Error).message}`);
}
