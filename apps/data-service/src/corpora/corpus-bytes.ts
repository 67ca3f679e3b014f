import { HttpStatus } from '@nestjs/common';
import { Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { uploadRejected } from './upload-errors';

/**
 * A corpus file's decompressed bytes as a stream: gunzipped when it is gzip, with the decompressed size capped so a
 * small archive cannot unpack into something unbounded.
 */
export function corpusBytes(raw: Readable, gzip: boolean, maxDecompressedBytes: number): Readable {
  if (!gzip) return raw;
  let total = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > maxDecompressedBytes)
        done(
          uploadRejected(
            HttpStatus.PAYLOAD_TOO_LARGE,
            'too_large',
            `the file unpacks to more than ${maxDecompressedBytes} bytes: split it into smaller uploads`,
          ),
        );
      else done(null, chunk);
    },
  });
  const gunzip = createGunzip();
  gunzip.on('error', (error) =>
    cap.destroy(uploadRejected(HttpStatus.BAD_REQUEST, 'not_gzip', `the file is named .gz but is not valid gzip (${error.message})`)),
  );
  raw.on('error', (error) => cap.destroy(error));
  return raw.pipe(gunzip).pipe(cap);
}
