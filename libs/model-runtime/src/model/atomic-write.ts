import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * Writes `bytes` to a temporary file beside `path`, flushes it to disk, then renames it over `path`: a reader sees
 * either the old file or the whole new one, never a half-written file, even if the process dies mid-write.
 */
export function writeFileAtomic(path: string, chunks: Uint8Array[]): void {
  const tempPath = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tempPath, 'w');
  try {
    for (const chunk of chunks) {
      let written = 0;
      while (written < chunk.byteLength) written += writeSync(fd, chunk, written);
    }
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(tempPath);
    throw error;
  }
  closeSync(fd);
  renameSync(tempPath, path);
}
