import { BlobStore, StoredBlob } from '@llmchain/platform';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';

export async function blobExists(blobs: BlobStore, key: string): Promise<boolean> {
  return (await blobs.size(key)) !== null;
}

export async function readBlob(blobs: BlobStore, key: string): Promise<Buffer> {
  return buffer(blobs.openRead(key));
}

export async function downloadBlob(blobs: BlobStore, key: string, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await pipeline(blobs.openRead(key), createWriteStream(file));
}

/** Stages, then commits under `key`; a failed write leaves nothing behind. */
async function commitChunks(blobs: BlobStore, key: string, chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<StoredBlob> {
  const staged = await blobs.stage();
  try {
    for await (const chunk of chunks) await staged.write(chunk);
  } catch (error) {
    await staged.abort();
    throw error;
  }
  return staged.commit(key);
}

export function uploadFile(blobs: BlobStore, file: string, key: string): Promise<StoredBlob> {
  return commitChunks(blobs, key, createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>);
}

export function uploadBytes(blobs: BlobStore, bytes: Buffer, key: string): Promise<StoredBlob> {
  return commitChunks(blobs, key, [bytes]);
}
