import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
// The server's own rule, so the CLI sends exactly what an upload keeps (README, .git, pickles stay home).
import { isModelDirectoryFile } from '../../apps/training-service/src/imports/hf-directory-entries';

/** The files of a Hugging Face directory training-service imports. */
export function modelDirectoryFiles(dir: string): { name: string; bytes: number }[] {
  return readdirSync(dir)
    .filter((name) => isModelDirectoryFile(name) && statSync(path.join(dir, name)).isFile())
    .sort()
    .map((name) => ({ name, bytes: statSync(path.join(dir, name)).size }));
}

/** A tar of the directory's model files inside one folder named after it, produced as it is read (never all in memory). */
export function tarModelDirectory(dir: string, onBytes: (bytes: number) => void): Readable {
  const pack = tar.pack();
  const folder = path.basename(path.resolve(dir));
  void (async () => {
    for (const { name, bytes } of modelDirectoryFiles(dir)) {
      const entry = pack.entry({ name: `${folder}/${name}`, size: bytes });
      const source = createReadStream(path.join(dir, name));
      source.on('data', (chunk) => onBytes(chunk.length));
      await pipeline(source, entry);
    }
    pack.finalize();
  })().catch((error: Error) => pack.destroy(error));
  // tar-stream's streams are streamx ones: Readable.from makes a Node stream of it (which Readable.toWeb needs).
  return Readable.from(pack);
}
