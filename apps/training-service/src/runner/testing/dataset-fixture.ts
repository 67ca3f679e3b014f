import { BlobStore, LocalDirectoryBlobStore } from '@llmchain/platform';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetFormat } from '../../settings';
import { uploadBytes } from '../blob-files';
import { DatasetManifest } from '../dataset-records';

/** A blob store and a scratch directory in a fresh temporary folder; remove() deletes both. */
export function temporaryStore(): { blobs: LocalDirectoryBlobStore; workDir: string; remove: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'training-runner-'));
  return { blobs: new LocalDirectoryBlobStore(path.join(root, 'blobs')), workDir: path.join(root, 'work'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes records as a dataset version the way data-service lays one out (JSONL shards + manifest.json). */
export async function writeDataset(
  blobs: BlobStore,
  prefix: string,
  format: DatasetFormat,
  shards: object[][],
): Promise<{ manifestBlobKey: string; manifestSha256: string; manifest: DatasetManifest }> {
  const entries = [];
  for (const [index, records] of shards.entries()) {
    const body = Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const stored = await uploadBytes(blobs, body, `${prefix}/shard-${String(index).padStart(5, '0')}.jsonl`);
    entries.push({ ...stored, documents: records.length });
  }
  const decisions = await uploadBytes(blobs, Buffer.alloc(0), `${prefix}/decisions.jsonl`);
  const manifest = { format, shards: entries, decisions, documents: shards.flat().length, bytes: 0 };
  const stored = await uploadBytes(blobs, Buffer.from(JSON.stringify(manifest, null, 2)), `${prefix}/manifest.json`);
  return { manifestBlobKey: stored.key, manifestSha256: stored.sha256, manifest };
}

const SUBJECTS = ['the cat', 'a dog', 'the bird', 'my friend', 'the teacher', 'a farmer'];
const VERBS = ['sees', 'likes', 'follows', 'finds', 'helps', 'calls'];
const OBJECTS = ['the river', 'a red ball', 'the old house', 'a small garden', 'the market', 'the green hill'];

/** Deterministic documents of simple sentences: a pattern a tiny model learns within a few steps. */
export function sentenceDocuments(count: number, sentencesEach = 6): { text: string }[] {
  let state = 12345;
  const pick = <T>(items: T[]) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return items[state % items.length];
  };
  return Array.from({ length: count }, () => ({
    text: Array.from({ length: sentencesEach }, () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}.`).join(' '),
  }));
}
