import { utf8Lines } from '@llmchain/data-cleaning';
import { BlobStore, StagedBlob } from '@llmchain/platform';

/**
 * A line of a shard's intermediate files holds one document, its redacted copy and its signature: bounded by the
 * largest document the readers accept (8 MiB of text, up to 6 bytes a character once escaped) twice over.
 */
const MAX_SHARD_LINE_BYTES = 128 * 1024 * 1024;

/** The lines of one of a sharded run's intermediate blobs, in order. */
export async function* blobLines(blobs: BlobStore, key: string): AsyncGenerator<string> {
  for await (const line of utf8Lines(blobs.openRead(key), MAX_SHARD_LINE_BYTES)) if (line.text !== '') yield line.text;
}

/** Lines of the same kind from several blobs, one after the other (shards in run order). */
export async function* blobsLines(blobs: BlobStore, keys: string[]): AsyncGenerator<string> {
  for (const key of keys) yield* blobLines(blobs, key);
}

/** Writes lines to a staged blob in writes of about a megabyte rather than one per line. */
export class BufferedLines {
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(private readonly staged: StagedBlob) {}

  async add(line: string): Promise<void> {
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= 1 << 20) await this.flush();
  }

  async commit(key: string): Promise<void> {
    await this.flush();
    await this.staged.commit(key);
  }

  abort(): Promise<void> {
    return this.staged.abort();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.staged.write(Buffer.from(this.pending.join('')));
    this.pending = [];
    this.pendingChars = 0;
  }
}
