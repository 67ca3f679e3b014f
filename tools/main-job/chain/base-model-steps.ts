import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { modelDirectoryFiles, tarModelDirectory } from '../../import-model/directory-tar';
import { TrainingClient } from '../../train/training-client';
import { ChainError, HttpClient } from './http-client';

export type ImportedBase = { modelId: string; name: string; importId: string };

/**
 * Imports a local Hugging Face model directory through the import API (a streamed tar, as `npm run import-model`
 * sends it) and waits until the base is registered. Nothing is downloaded: the directory is what the machine has.
 */
export async function importBase(training: HttpClient, apiKey: string, dir: string, label: string, out: NodeJS.WriteStream | null): Promise<ImportedBase> {
  const files = modelDirectoryFiles(dir);
  if (files.length === 0) throw new ChainError(`${dir} holds none of a Hugging Face model directory's files (config.json, tokenizer files, safetensors weights)`);
  const client = new TrainingClient(training.baseUrl, apiKey);
  const name = `${path.basename(path.resolve(dir))}-${label}`;
  const stream = Readable.toWeb(tarModelDirectory(dir, () => undefined)) as ReadableStream<Uint8Array>;
  const started = await client.importModel({ contentType: 'application/x-tar', stream }, `?${new URLSearchParams({ name })}`, randomUUID());
  let shown = '';
  for (;;) {
    const current = await client.modelImport(started.id);
    const line = current.progress ? `${current.progress.phase} ${current.progress.done}/${current.progress.total}` : current.status;
    if (out && line !== shown) out.write(`  import ${name}: ${(shown = line)}\n`);
    if (current.status === 'succeeded') return { modelId: current.modelId!, name: current.name, importId: current.id };
    if (current.status === 'failed' || current.status === 'cancelled') throw new ChainError(`importing ${dir} ${current.status}: ${current.error}`);
    await sleep(1000);
  }
}
