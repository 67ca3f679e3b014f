import { exportModelDirectory, loadCheckpoint, tokenizerFilesOf } from '@llmchain/model-runtime';
import { BlobStore } from '@llmchain/platform';
import { Tokenizer } from '@llmchain/tokenizer';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { downloadBlob } from '../../runner/blob-files';
import { endOfTextId } from '../../runner/record-encoding';

/** A checkpoint that cannot be served as a model (a LoRA run's adapter-only weights): the run fails, naming it. */
export class CheckpointNotServableError extends Error {}

/**
 * A job's checkpoint as a model directory of its own: the checkpointed weights exported to inference graphs (fp32, as
 * eval runs load them) with the job's tokenizer, written to `target` whole (staged, then renamed) once.
 */
export async function checkpointModelDirectory(blobs: BlobStore, checkpoint: { blobKey: string; step: number }, tokenizer: Tokenizer, target: string): Promise<void> {
  if (existsSync(target)) return;
  const staging = `${target}.partial-${process.pid}`;
  const file = `${staging}.checkpoint`;
  await rm(staging, { recursive: true, force: true });
  try {
    await downloadBlob(blobs, checkpoint.blobKey, file);
    const { spec, params } = loadCheckpoint(file);
    if (spec.lora || spec.model.architecture !== 'gpt2') throw new CheckpointNotServableError(`the checkpoint at step ${checkpoint.step} holds only a LoRA adapter's weights`);
    const eos = endOfTextId(tokenizer);
    exportModelDirectory(staging, {
      config: spec.model.config,
      params,
      tokens: { bosTokenId: tokenizer.bosTokenId ?? eos, eosTokenId: eos },
      variants: ['fp32'],
      tokenizer: tokenizerFilesOf(tokenizer),
    });
    await rename(staging, target).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(target)) throw error;
    });
  } finally {
    await rm(file, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}
