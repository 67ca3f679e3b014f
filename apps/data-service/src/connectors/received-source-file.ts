import { HttpStatus } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { receiveSingleFilePart } from '../corpora/single-file-part';
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
  const directory = await mkdtemp(path.join(tmpdir(), 'connector-source-'));
  const remove = () => rm(directory, { recursive: true, force: true });
  try {
    return await receiveSingleFilePart(request, {
      what: 'the source file',
      maxBytes,
      receive: (file, filename) => writeSourceFile(file, filename, path.join(directory, 'source'), maxBytes, remove),
      discard: remove,
    });
  } catch (error) {
    await remove();
    throw error;
  }
}

async function writeSourceFile(
  file: Readable & { truncated?: boolean },
  filename: string,
  target: string,
  maxBytes: number,
  remove: () => Promise<void>,
): Promise<ReceivedSourceFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(file, count, createWriteStream(target));
  if (file.truncated)
    throw uploadRejected(HttpStatus.PAYLOAD_TOO_LARGE, 'too_large', `the file is larger than the ${maxBytes}-byte limit: split it into smaller imports`);
  return { filename, path: target, bytes, sha256: hash.digest('hex'), remove };
}
