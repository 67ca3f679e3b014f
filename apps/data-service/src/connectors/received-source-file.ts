import { HttpStatus } from '@nestjs/common';
import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { uploadRejected } from '../corpora/upload-errors';

/** A source file (a table or a web archive) kept on local disk for the length of one import request. */
export type ReceivedSourceFile = {
  filename: string;
  path: string;
  bytes: number;
  sha256: string;
  /** Deletes the local copy; every import calls it whatever the outcome. */
  remove(): Promise<void>;
};

/**
 * Streams the single file part of a multipart request to a private temporary file, hashing it and refusing it past
 * `maxBytes`. A local file because Parquet is read from its footer backwards (random access); the file lives only
 * while its request runs, so no replica depends on another's disk.
 */
export async function receiveSourceFile(request: IncomingMessage, maxBytes: number): Promise<ReceivedSourceFile> {
  if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? ''))
    throw uploadRejected(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'not_multipart', 'send the source file as multipart/form-data with one file part');
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: maxBytes, fields: 20 } });
  } catch (error) {
    throw badMultipart(error);
  }
  const directory = await mkdtemp(path.join(tmpdir(), 'connector-source-'));
  const remove = () => rm(directory, { recursive: true, force: true });
  const received: { file: Promise<ReceivedSourceFile> | null; extraFile: boolean } = { file: null, extraFile: false };
  parser.on('file', (_field, file, info) => {
    file.on('error', () => undefined);
    if (received.file) {
      received.extraFile = true;
      file.resume();
      return;
    }
    const filename = info.filename ?? '';
    const target = path.join(directory, 'source');
    const hash = createHash('sha256');
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    received.file = pipeline(file, count, createWriteStream(target)).then(() => {
      if ((file as { truncated?: boolean }).truncated)
        throw uploadRejected(
          HttpStatus.PAYLOAD_TOO_LARGE,
          'too_large',
          `the file is larger than the ${maxBytes}-byte limit: split it into smaller imports`,
        );
      return { filename, path: target, bytes, sha256: hash.digest('hex'), remove };
    });
    received.file.catch(() => file.resume());
  });
  parser.on('filesLimit', () => (received.extraFile = true));
  const finished = new Promise<void>((resolve, reject) => {
    parser.once('close', resolve);
    parser.on('error', (error) => reject(badMultipart(error)));
  });
  request.pipe(parser);
  try {
    await finished;
    if (!received.file) throw uploadRejected(HttpStatus.BAD_REQUEST, 'no_file', 'the request has no file part: attach the source file');
    const file = await received.file;
    if (received.extraFile) throw uploadRejected(HttpStatus.BAD_REQUEST, 'too_many_files', 'send one source file per import');
    return file;
  } catch (error) {
    await received.file?.catch(() => undefined);
    await remove();
    throw error;
  }
}

function badMultipart(error: unknown) {
  return uploadRejected(HttpStatus.BAD_REQUEST, 'not_multipart', `the multipart body could not be read: ${(error as Error).message}`);
}
