import { BlobStore } from '@llmchain/platform';
import { TOKENIZER_CONFIG_FILE, TOKENIZER_FILE, Tokenizer, trainBpe } from '@llmchain/tokenizer';
import { createHash } from 'node:crypto';
import { blobExists, readBlob, uploadBytes } from './blob-files';
import { DatasetRecord } from './dataset-records';
import { recordTextPieces } from './record-encoding';
import { TrainingJobError } from './training-job';

export interface JobTokenizer {
  tokenizer: Tokenizer;
  blobKey: string;
  sha256: string;
  trained: boolean;
}

/** tokenizer_config.json lies beside tokenizer.json (same folder of keys). */
function configKeyBeside(tokenizerKey: string): string {
  return tokenizerKey.replace(/[^/]*$/, TOKENIZER_CONFIG_FILE);
}

export function trainedTokenizerKey(outputPrefix: string): string {
  return `${outputPrefix}/tokenizer/${TOKENIZER_FILE}`;
}

/** Loads a tokenizer.json from the blob store, with the tokenizer_config.json beside it when there is one. */
export async function loadTokenizerBlob(blobs: BlobStore, key: string, trained: boolean): Promise<JobTokenizer> {
  if (!(await blobExists(blobs, key))) throw new TrainingJobError('tokenizer_unusable', `no tokenizer under blob key ${key}`);
  const bytes = await readBlob(blobs, key);
  const configKey = configKeyBeside(key);
  try {
    const config = (await blobExists(blobs, configKey)) ? JSON.parse((await readBlob(blobs, configKey)).toString('utf8')) : undefined;
    const tokenizer = Tokenizer.fromTokenizerJson(JSON.parse(bytes.toString('utf8')), config);
    return { tokenizer, blobKey: key, sha256: createHash('sha256').update(bytes).digest('hex'), trained };
  } catch (error) {
    throw new TrainingJobError('tokenizer_unusable', `tokenizer ${key} cannot be read: ${(error as Error).message}`);
  }
}

/**
 * Learns a byte-level BPE from the records' text (streamed) and commits tokenizer_config.json, then tokenizer.json,
 * under <outputPrefix>/tokenizer/: the tokenizer.json key marks a complete tokenizer, which a resumed job reuses.
 */
export async function trainJobTokenizer(
  blobs: BlobStore,
  records: () => AsyncIterable<DatasetRecord>,
  options: { vocabSize: number; modelMaxLength?: number; outputPrefix: string },
): Promise<JobTokenizer> {
  async function* pieces(): AsyncGenerator<string> {
    for await (const record of records()) yield* recordTextPieces(record);
  }
  const tokenizer = await trainBpe(pieces(), { vocabSize: options.vocabSize, modelMaxLength: options.modelMaxLength });
  const key = trainedTokenizerKey(options.outputPrefix);
  await uploadBytes(blobs, Buffer.from(`${JSON.stringify(tokenizer.toTokenizerConfig(), null, 2)}\n`), configKeyBeside(key));
  const stored = await uploadBytes(blobs, Buffer.from(JSON.stringify(tokenizer.toTokenizerJson())), key);
  return { tokenizer, blobKey: key, sha256: stored.sha256, trained: true };
}

/** The same tokenizer with another maximum length (a model directory's tokenizer states the model's context). */
export function withModelMaxLength(tokenizer: Tokenizer, modelMaxLength: number): Tokenizer {
  return new Tokenizer({
    model: tokenizer.model,
    specialTokens: tokenizer.specialTokens,
    pattern: tokenizer.pattern,
    addPrefixSpace: tokenizer.addPrefixSpace,
    settings: { ...tokenizer.settings, modelMaxLength },
  });
}
