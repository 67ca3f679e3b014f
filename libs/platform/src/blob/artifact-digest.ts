import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** One file of an artifact directory, by its path inside the directory (`/`-separated). */
export type ArtifactFile = { path: string; sha256: string };

/**
 * SHA-256 over the "<path> <sha256>\n" lines of every file, sorted by path: one digest for a whole model directory.
 * training-service announces it in model.registered; serving-service recomputes it before it loads the directory.
 */
export function artifactSha256(files: readonly ArtifactFile[]): string {
  const lines = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => `${f.path} ${f.sha256}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** The digest of the files a directory holds now (streamed, so a multi-gigabyte base costs no memory). */
export async function directoryArtifactSha256(dir: string): Promise<string> {
  const files: ArtifactFile[] = [];
  for (const file of await artifactFilesUnder(dir)) {
    const hash = createHash('sha256');
    await pipeline(createReadStream(path.join(dir, ...file.split('/')), { highWaterMark: 1 << 20 }), hash);
    files.push({ path: file, sha256: hash.digest('hex') });
  }
  return artifactSha256(files);
}

/** Every file under a directory, as sorted `/`-separated paths relative to it. */
export async function artifactFilesUnder(dir: string, relative = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(path.join(dir, relative), { withFileTypes: true })) {
    const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await artifactFilesUnder(dir, name)));
    else found.push(name);
  }
  return found.sort();
}
