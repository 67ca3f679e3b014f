import { BlobStore } from '@llmchain/platform';
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { DatasetFormat } from '../settings';
import { readBlob } from './blob-files';
import { TrainingJobError } from './training-job';

export interface DatasetShard {
  key: string;
  bytes: number;
  sha256: string;
  documents: number;
}

/** The parts of data-service's manifest.json training reads. */
export interface DatasetManifest {
  format: DatasetFormat;
  shards: DatasetShard[];
  documents: number;
}

export interface ChatTurn {
  role: string;
  content: string;
}

/** One shard line, by format: a document's text, a prompt and its completion, or a conversation. */
export type DatasetRecord =
  | { format: 'documents'; text: string }
  | { format: 'prompt-completion'; prompt: string; completion: string }
  | { format: 'chat'; messages: ChatTurn[] };

const FORMATS: DatasetFormat[] = ['documents', 'prompt-completion', 'chat'];

/** Reads the manifest and checks it against the SHA-256 recorded when the version was published. */
export async function readDatasetManifest(blobs: BlobStore, dataset: { manifestBlobKey: string; manifestSha256: string }): Promise<DatasetManifest> {
  const bytes = await readBlob(blobs, dataset.manifestBlobKey);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== dataset.manifestSha256) {
    throw new TrainingJobError(
      'dataset_integrity',
      `dataset manifest ${dataset.manifestBlobKey} has SHA-256 ${sha256}, not the ${dataset.manifestSha256} recorded for this dataset version: its files were altered or replaced`,
    );
  }
  let manifest: DatasetManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new TrainingJobError('dataset_format', `dataset manifest ${dataset.manifestBlobKey} is not JSON`);
  }
  if (!FORMATS.includes(manifest?.format) || !Array.isArray(manifest.shards)) {
    throw new TrainingJobError('dataset_format', `dataset manifest ${dataset.manifestBlobKey} has no known format (${FORMATS.join(', ')}) or no shard list`);
  }
  return manifest;
}

function parseRecord(format: DatasetFormat, line: string): DatasetRecord | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (format === 'documents') return typeof value.text === 'string' ? { format, text: value.text } : null;
  if (format === 'prompt-completion') {
    return typeof value.prompt === 'string' && typeof value.completion === 'string' ? { format, prompt: value.prompt, completion: value.completion } : null;
  }
  const messages = value.messages;
  const wellFormed =
    Array.isArray(messages) &&
    messages.length > 0 &&
    messages.every((m) => typeof m?.role === 'string' && typeof m?.content === 'string');
  return wellFormed ? { format, messages: messages.map((m) => ({ role: m.role, content: m.content })) } : null;
}

function expectedLine(format: DatasetFormat): string {
  if (format === 'documents') return '{"text": string}';
  if (format === 'prompt-completion') return '{"prompt": string, "completion": string}';
  return '{"messages": [{"role": string, "content": string}, ...]}';
}

/** Lines of one shard as they stream in, checking its size and SHA-256 against the manifest at its end. */
export async function* shardLines(blobs: BlobStore, shard: DatasetShard): AsyncGenerator<string> {
  const hash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let pending = '';
  for await (const chunk of blobs.openRead(shard.key) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    pending += decoder.write(chunk);
    let newline = pending.indexOf('\n');
    let start = 0;
    while (newline >= 0) {
      yield pending.slice(start, newline);
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending.length > 0) yield pending;
  const sha256 = hash.digest('hex');
  if (bytes !== shard.bytes || sha256 !== shard.sha256) {
    throw new TrainingJobError(
      'dataset_integrity',
      `dataset shard ${shard.key} has ${bytes} bytes with SHA-256 ${sha256}, but the manifest records ${shard.bytes} bytes with ${shard.sha256}: the shard was altered or replaced`,
    );
  }
}

/** Every record of the dataset, shard by shard in manifest order, streamed (the corpus is never held whole). */
export async function* datasetRecords(blobs: BlobStore, manifest: DatasetManifest): AsyncGenerator<DatasetRecord> {
  for (const shard of manifest.shards) {
    let lineNumber = 0;
    for await (const line of shardLines(blobs, shard)) {
      lineNumber++;
      if (line.trim() === '') continue;
      const record = parseRecord(manifest.format, line);
      if (record === null) {
        throw new TrainingJobError('dataset_format', `dataset shard ${shard.key} line ${lineNumber} is not a ${manifest.format} record ${expectedLine(manifest.format)}`);
      }
      yield record;
    }
  }
}
