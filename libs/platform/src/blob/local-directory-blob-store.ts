import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, WriteStream } from 'node:fs';
import { link, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { Readable } from 'node:stream';
import { assertBlobKey, assertByteRange, ByteRange, STAGING_PREFIX as STAGING } from './blob-key';
import { BlobStore, StagedBlob, StoredBlob } from './blob-store';

/**
 * Blobs as files under one root directory, keys as relative paths. Staged writes go to `<root>/.staging/` and are
 * published with a hard link (atomic, and it fails instead of overwriting when the key exists), so a reader never
 * sees half a blob and a crash leaves at most a staging file behind.
 */
export class LocalDirectoryBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async stage(): Promise<StagedBlob> {
    await mkdir(path.join(this.root, STAGING), { recursive: true });
    return new LocalStagedBlob(this, path.join(this.root, STAGING, randomUUID()));
  }

  openRead(key: string, range?: ByteRange): Readable {
    if (range) assertByteRange(range);
    return createReadStream(this.pathOf(key), { highWaterMark: 1 << 20, ...range });
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** Every file under a prefix, staging included: a leftover staging file is an orphan worth seeing. */
  async list(prefix: string): Promise<string[]> {
    const start = prefix === '' ? this.root : prefix === STAGING ? path.join(this.root, STAGING) : this.pathOf(prefix);
    const found: string[] = [];
    const walk = async (directory: string): Promise<void> => {
      const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) await walk(full);
        else found.push(path.relative(this.root, full).split(path.sep).join('/'));
      }
    };
    await walk(start);
    return found.sort();
  }

  /** A key's file; keys are relative paths of safe segments, so none can point outside the root. */
  pathOf(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, ...key.split('/'));
  }
}

class LocalStagedBlob implements StagedBlob {
  private readonly hash = createHash('sha256');
  private readonly file: WriteStream;
  private bytes = 0;
  private finished: { bytes: number; sha256: string } | null = null;

  constructor(
    private readonly store: LocalDirectoryBlobStore,
    private readonly stagingPath: string,
  ) {
    this.file = createWriteStream(stagingPath);
  }

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.file.write(chunk)) await once(this.file, 'drain');
  }

  async finish(): Promise<{ bytes: number; sha256: string }> {
    if (!this.finished) {
      this.file.end();
      await once(this.file, 'close');
      this.finished = { bytes: this.bytes, sha256: this.hash.digest('hex') };
    }
    return this.finished;
  }

  /** The write stream opens and flushes asynchronously: reading before it has closed could see no file or half of it. */
  async openStagedRead(): Promise<Readable> {
    await this.finish();
    return createReadStream(this.stagingPath, { highWaterMark: 1 << 20 });
  }

  async commit(key: string): Promise<StoredBlob> {
    const { bytes, sha256 } = await this.finish();
    const target = this.store.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await link(this.stagingPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    await unlink(this.stagingPath);
    return { key, bytes, sha256 };
  }

  async abort(): Promise<void> {
    if (!this.file.closed) {
      this.file.destroy();
      await once(this.file, 'close').catch(() => undefined);
    }
    await unlink(this.stagingPath).catch(() => undefined);
  }
}
