import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { decideEntry, ModelUploadError, UploadLimits } from './hf-directory-entries';

export interface ExtractedDirectory {
  /** The archive's top-level folder, when it had one: the default name of the import. */
  folderName: string | null;
  files: { path: string; bytes: number }[];
}

/**
 * Streams a tar of a Hugging Face model directory into `destDir`: each entry's path, type and declared size are
 * checked from its header before its body is read, and the bytes actually written are counted against the same
 * caps. The first bad entry stops the upload with a ModelUploadError naming it; the caller removes `destDir`.
 */
export async function extractModelDirectoryTar(source: Readable, destDir: string, limits: UploadLimits): Promise<ExtractedDirectory> {
  await mkdir(destDir, { recursive: true });
  const extract = tar.extract();
  const feeding = pipeline(source, extract).catch((error: Error) => {
    extract.destroy(error);
  });
  const folder: { name: string | null } = { name: null };
  const files: { path: string; bytes: number }[] = [];
  let total = 0;
  let entries = 0;
  try {
    for await (const entry of extract) {
      const { header } = entry;
      if (++entries > limits.maxEntries) throw new ModelUploadError('archive', `the archive has more than ${limits.maxEntries} entries`);
      const decision = decideEntry(header.name, header.type ?? 'file', folder, limits);
      if (!decision.keep) {
        entry.resume();
        continue;
      }
      if (files.some((f) => f.path === decision.name)) throw new ModelUploadError(decision.name, `${decision.name} appears twice in the archive`);
      const declared = header.size ?? 0;
      if (declared > decision.maxBytes) throw new ModelUploadError(decision.name, `${decision.name} is ${declared} bytes, more than the ${decision.maxBytes} allowed`);
      if (total + declared > limits.maxTotalBytes) throw new ModelUploadError('archive', `the model directory is larger than the ${limits.maxTotalBytes} bytes allowed`);
      const written = await writeEntry(entry, path.join(destDir, decision.name), decision.maxBytes);
      total += written;
      files.push({ path: decision.name, bytes: written });
    }
    await feeding;
  } catch (error) {
    source.destroy();
    extract.destroy();
    if (error instanceof ModelUploadError) throw error;
    throw new ModelUploadError('archive', `the upload is not a readable tar archive: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new ModelUploadError('archive', 'the archive holds no model files');
  return { folderName: folder.name || null, files };
}

async function writeEntry(entry: Readable, file: string, maxBytes: number): Promise<number> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new ModelUploadError(path.basename(file), `${path.basename(file)} is larger than the ${maxBytes} bytes allowed`));
      else done(null, chunk);
    },
  });
  await pipeline(entry, counter, createWriteStream(file, { flags: 'wx' }));
  return bytes;
}
