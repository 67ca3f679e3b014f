import { DocumentDecision } from '@llmchain/data-cleaning';
import { BlobStore, StagedBlob, StoredBlob } from '@llmchain/platform';

const SHARD_BYTES = 64 * 1024 * 1024;

export type ShardEntry = StoredBlob & { documents: number };

/**
 * What a shard line holds: cleaned documents ({"id", "text", "language"?, "metadata"?}), or fine-tuning records in
 * the two shapes training consumes ({"prompt", "completion"} or {"messages": [{"role", "content"}]}).
 */
export type ShardFormat = 'documents' | 'prompt-completion' | 'chat';

export type DatasetManifest = {
  format: ShardFormat;
  shards: ShardEntry[];
  decisions: StoredBlob;
  documents: number;
  bytes: number;
};

/**
 * Writes a dataset version's files as records stream past: records into JSONL shards of up to 64 MB, every decision
 * (one per source document) into one JSONL file. Nothing is visible under a key until `finish` commits it all, and `abort`
 * drops everything (including shards already committed), so a failed run leaves no files behind.
 */
export class DatasetVersionWriter {
  private shard: StagedBlob | null = null;
  private shardBytes = 0;
  private shardDocuments = 0;
  private readonly shards: ShardEntry[] = [];
  private decisions: StagedBlob | null = null;
  private documents = 0;
  private bytes = 0;

  constructor(
    private readonly blobs: BlobStore,
    /** Key prefix of this version, e.g. tenants/<tenant>/dataset-versions/<id> */
    private readonly prefix: string,
    private readonly format: ShardFormat,
  ) {}

  async addDecision(decision: DocumentDecision): Promise<void> {
    this.decisions ??= await this.blobs.stage();
    await this.decisions.write(Buffer.from(`${JSON.stringify(decision)}\n`));
  }

  /** `textBytes`: the bytes of text the record carries, for the version's size (JSON syntax not counted). */
  async addRecord(record: object, textBytes: number): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    if (this.shard && this.shardBytes + line.length > SHARD_BYTES) await this.commitShard();
    this.shard ??= await this.blobs.stage();
    await this.shard.write(line);
    this.shardBytes += line.length;
    this.shardDocuments++;
    this.documents++;
    this.bytes += textBytes;
  }

  /** Commits the last shard, the decisions and the manifest; returns the manifest's key and SHA-256. */
  async finish(): Promise<{ manifest: DatasetManifest; manifestBlob: StoredBlob }> {
    if (this.shard) await this.commitShard();
    this.decisions ??= await this.blobs.stage();
    const decisions = await this.decisions.commit(`${this.prefix}/decisions.jsonl`);
    this.decisions = null;
    const manifest: DatasetManifest = { format: this.format, shards: this.shards, decisions, documents: this.documents, bytes: this.bytes };
    const body = Buffer.from(JSON.stringify(manifest, null, 2));
    const staged = await this.blobs.stage();
    await staged.write(body);
    const manifestBlob = await staged.commit(`${this.prefix}/manifest.json`);
    return { manifest, manifestBlob };
  }

  async abort(): Promise<void> {
    await this.shard?.abort();
    await this.decisions?.abort();
    await this.removeCommitted();
  }

  /** Deletes every file already published under this writer's prefix. */
  async removeCommitted(): Promise<void> {
    for (const key of await this.blobs.list(this.prefix)) await this.blobs.delete(key);
  }

  private async commitShard(): Promise<void> {
    if (!this.shard) return;
    const key = `${this.prefix}/shard-${String(this.shards.length).padStart(5, '0')}.jsonl`;
    const stored = await this.shard.commit(key);
    this.shards.push({ ...stored, documents: this.shardDocuments });
    this.shard = null;
    this.shardBytes = 0;
    this.shardDocuments = 0;
  }
}
