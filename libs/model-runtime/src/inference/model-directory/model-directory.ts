import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GptConfig } from '../../model/config';
import { CorruptModelError } from '../../errors';
import { writeFileAtomic } from '../../model/atomic-write';
import { DecoderModelConfig } from '../../model/decoder-model';
import { fromHfModelConfig, SpecialTokenIds, specialTokenIds, toHfConfig, toHfGenerationConfig } from './hf-config';

/**
 * Weight formats an export can come in, named after transformers.js's `dtype` option so that
 * `from_pretrained(dir, { dtype })` loads the same weights this runtime runs with that variant.
 */
export type ModelVariant = 'fp32' | 'q8' | 'q4';

const VARIANT_SUFFIX: Record<ModelVariant, string> = { fp32: '', q8: '_quantized', q4: '_q4' };

/**
 * The graphs of a model directory: `model` has the Hugging Face interface (past_key_values in,
 * present out) that transformers.js and other tools load; `decoder_step` reads a fixed-capacity cache
 * and returns only the new keys and values, which is what this runtime generates with, for the base and its LoRA
 * adapters alike (per-row LoRA inputs, lora-linear.ts).
 */
export type ModelGraph = 'model' | 'decoder_step';

export const CONFIG_FILE = 'config.json';
export const GENERATION_CONFIG_FILE = 'generation_config.json';
export const TOKENIZER_FILE = 'tokenizer.json';
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';

export function modelFilePath(dir: string, variant: ModelVariant = 'fp32', graph: ModelGraph = 'model'): string {
  return path.join(dir, 'onnx', `${graph}${VARIANT_SUFFIX[variant]}.onnx`);
}

/** The serialized tokenizer files. */
export interface TokenizerFiles {
  tokenizerJson: string;
  tokenizerConfigJson: string;
}

/** What libs/tokenizer's Tokenizer offers for writing its Hugging Face files. */
export interface SerializableTokenizer {
  toTokenizerJson(): unknown;
  toTokenizerConfig(): unknown;
}

export function tokenizerFilesOf(tokenizer: SerializableTokenizer): TokenizerFiles {
  return {
    tokenizerJson: JSON.stringify(tokenizer.toTokenizerJson()),
    tokenizerConfigJson: `${JSON.stringify(tokenizer.toTokenizerConfig(), null, 2)}\n`,
  };
}

/** Serialized graphs of one weight format. */
export type ModelGraphs = Record<ModelGraph, Uint8Array>;

/** config.json and generation_config.json: generated for a GPT-2 the runtime trained, or an imported model's own. */
export type ModelDirectoryConfig =
  | { config: GptConfig; tokens: SpecialTokenIds }
  | { hfConfigJson: string; hfGenerationConfigJson: string };

export type ModelDirectoryContents = ModelDirectoryConfig & {
  models: Partial<Record<ModelVariant, ModelGraphs>>;
  tokenizer?: TokenizerFiles;
};

/** Each file is written to a temporary name and renamed, so a reader never sees half a file. */
export function writeAtomically(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, [typeof data === 'string' ? new TextEncoder().encode(data) : data]);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Lays a model out the way the Hugging Face ecosystem expects. */
export function writeModelDirectory(dir: string, contents: ModelDirectoryContents): void {
  const { models, tokenizer } = contents;
  for (const [variant, graphs] of Object.entries(models) as [ModelVariant, ModelGraphs][]) {
    for (const [graph, bytes] of Object.entries(graphs) as [ModelGraph, Uint8Array][]) {
      writeAtomically(modelFilePath(dir, variant, graph), bytes);
    }
  }
  if (tokenizer) {
    writeAtomically(path.join(dir, TOKENIZER_FILE), tokenizer.tokenizerJson);
    writeAtomically(path.join(dir, TOKENIZER_CONFIG_FILE), tokenizer.tokenizerConfigJson);
  }
  const files =
    'config' in contents
      ? { config: json(toHfConfig(contents.config, contents.tokens)), generation: json(toHfGenerationConfig(contents.config, contents.tokens)) }
      : { config: contents.hfConfigJson, generation: contents.hfGenerationConfigJson };
  writeAtomically(path.join(dir, GENERATION_CONFIG_FILE), files.generation);
  // config.json last: its presence marks a complete directory.
  writeAtomically(path.join(dir, CONFIG_FILE), files.config);
}

/**
 * Reads config.json (and generation_config.json, where the stop tokens of an imported model live) back into the
 * runtime's model config; a missing or malformed one is a CorruptModelError.
 */
export function readModelConfig(dir: string): { model: DecoderModelConfig; tokens: SpecialTokenIds } {
  const file = path.join(dir, CONFIG_FILE);
  try {
    const config = JSON.parse(readFileSync(file, 'utf8'));
    const generationFile = path.join(dir, GENERATION_CONFIG_FILE);
    const generation = existsSync(generationFile) ? JSON.parse(readFileSync(generationFile, 'utf8')) : undefined;
    return { model: fromHfModelConfig(config), tokens: specialTokenIds(config, generation) };
  } catch (error) {
    throw new CorruptModelError(file, (error as Error).message);
  }
}

