import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ModelImportError } from '../errors';
import { DecoderModelConfig } from '../model/decoder-model';
import { ModelParams } from '../model/params';
import { saveWeights } from '../model/weights-file';
import { writeFileAtomic } from '../model/atomic-write';
import { encodeSafetensors } from '../model/safetensors';
import { decoderStepGraph } from '../inference/export/decoder-step-graph';
import { decoderParamShapes } from '../inference/export/decoder-network';
import { LINEAR_LAYERS } from '../inference/export/export-model';
import { inferenceGraph } from '../inference/export/inference-graph';
import { GraphBuilder } from '../onnx/graph-builder';
import { fromHfModelConfig, SpecialTokenIds, specialTokenIds } from '../inference/model-directory/hf-config';
import {
  CONFIG_FILE,
  GENERATION_CONFIG_FILE,
  ModelVariant,
  modelFilePath,
  TOKENIZER_CONFIG_FILE,
  TOKENIZER_FILE,
  writeAtomically,
  writeModelDirectory,
} from '../inference/model-directory/model-directory';
import { Checkpoint } from './checkpoint';
import { readCheckpointParams } from './checkpoint-params';
import { describeSourceFile, readJsonFile, readSmallFile, SourceFile } from './source-files';

const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_TOKENIZER_BYTES = 64 * 1024 * 1024;
const MAX_TOKENIZER_CONFIG_BYTES = 16 * 1024 * 1024;
/** Files copied as they are when the source has them: what tokenizers and chat templates are read from. */
const OPTIONAL_TOKENIZER_FILES = [TOKENIZER_CONFIG_FILE, 'special_tokens_map.json', 'chat_template.jinja'];
export const IMPORTED_WEIGHTS_FILE = 'model.safetensors';

export interface ImportProgress {
  phase: 'weights' | 'graphs';
  /** The tensor read or the graph file written last. */
  item: string;
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Weight formats of the exported graphs; fp32 always, as onnx/model.onnx needs it. */
  variants?: ModelVariant[];
  onProgress?: (progress: ImportProgress) => void;
  /** A graph whose weights exceed this keeps them in `<file>_data`; the default stays under protobuf's 2 GiB. */
  maxInlineGraphBytes?: number;
}

export interface ImportedModel {
  model: DecoderModelConfig;
  sourceFiles: SourceFile[];
  parameterCount: number;
  tokens: SpecialTokenIds;
}

/** generation_config.json for a source without one: what generation needs of config.json's token ids. */
function generatedGenerationConfig(tokens: SpecialTokenIds): string {
  const eos = tokens.eosTokenIds ?? tokens.eosTokenId;
  return `${JSON.stringify({ bos_token_id: tokens.bosTokenId, eos_token_id: eos, do_sample: false }, null, 2)}\n`;
}

/** model.safetensors in float32 under Hugging Face names, what training reads as the frozen base. */
function writeWeights(file: string, model: DecoderModelConfig, params: ModelParams): void {
  if (model.architecture === 'gpt2') {
    saveWeights(file, model.config, params);
    return;
  }
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, shape] of decoderParamShapes(model)) tensors.set(name, { shape, data: params.get(name) as Float32Array });
  writeFileAtomic(file, encodeSafetensors({ tensors, metadata: { format: 'pt' } }));
}

/**
 * Every graph file, one in memory at a time (each is written before the next is built). A graph whose weights
 * exceed one protobuf message keeps them in `<file>_data` beside it (ONNX external data).
 */
function writeGraphs(dir: string, model: DecoderModelConfig, params: ModelParams, options: ImportOptions): string[] {
  const variants: ModelVariant[] = ['fp32', ...(options.variants ?? []).filter((v) => v !== 'fp32')];
  const jobs: [string, () => GraphBuilder][] = [];
  for (const variant of variants) {
    const linear = LINEAR_LAYERS[variant];
    jobs.push([modelFilePath(dir, variant, 'model'), () => inferenceGraph(model, params, { linear })]);
    jobs.push([modelFilePath(dir, variant, 'decoder_step'), () => decoderStepGraph(model, params, { linear, lora: true })]);
  }
  const withExternalData: string[] = [];
  for (const [index, [file, build]] of jobs.entries()) {
    const { model: bytes, externalData } = build().serialize(`${path.basename(file)}_data`, options.maxInlineGraphBytes);
    if (externalData) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomic(path.join(path.dirname(file), externalData.fileName), externalData.chunks);
      withExternalData.push(path.basename(file));
    }
    writeAtomically(file, bytes);
    options.onProgress?.({ phase: 'graphs', item: path.relative(dir, file), done: index + 1, total: jobs.length });
  }
  return withExternalData;
}

/**
 * The source's config.json, with transformers.js told which graphs keep their weights in one external data file
 * (it loads `<file>_data` only when `transformers.js_config.use_external_data_format` names the file).
 */
function outputConfigJson(sourceText: string, withExternalData: string[]): string {
  if (withExternalData.length === 0) return sourceText;
  const config = JSON.parse(sourceText);
  const transformersJs = config['transformers.js_config'] ?? {};
  const useExternalData = Object.fromEntries(withExternalData.map((file) => [file, 1]));
  config['transformers.js_config'] = { ...transformersJs, use_external_data_format: useExternalData };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The output is built beside outDir and renamed into place, so a failed import leaves nothing half-written. */
function stagingDirectory(outDir: string): string {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new ModelImportError('outDir', `the output directory ${outDir} already exists and is not empty`);
  }
  const staging = `${outDir}.importing-${process.pid}-${Date.now()}`;
  mkdirSync(staging, { recursive: true });
  return staging;
}

/**
 * Imports a Hugging Face model directory (GPT2LMHeadModel, LlamaForCausalLM, Qwen2ForCausalLM, MistralForCausalLM;
 * safetensors weights, single or sharded, F32/F16/BF16) into a runtime model directory: the source's config.json,
 * generation_config.json and tokenizer files, model.safetensors (F32), onnx/model.onnx and onnx/decoder_step.onnx (with
 * its LoRA inputs) in each variant. Weights are streamed one tensor at a time. Anything that cannot be
 * imported is a ModelImportError whose `field` names the config field, tensor or file at fault.
 */
export async function importHfModelDirectory(sourceDir: string, outDir: string, options: ImportOptions = {}): Promise<ImportedModel> {
  if (!existsSync(sourceDir)) throw new ModelImportError('sourceDir', `the source directory ${sourceDir} does not exist`);
  const config = readJsonFile(sourceDir, CONFIG_FILE, MAX_CONFIG_BYTES);
  if (!config) throw new ModelImportError(CONFIG_FILE, `the source directory has no ${CONFIG_FILE}`);
  const generation = readJsonFile(sourceDir, GENERATION_CONFIG_FILE, MAX_CONFIG_BYTES);
  const model = fromHfModelConfig(config.json);
  const tokens = specialTokenIds(config.json, generation?.json);
  const tokenizer = readSmallFile(sourceDir, TOKENIZER_FILE, MAX_TOKENIZER_BYTES);
  if (tokenizer === undefined) throw new ModelImportError(TOKENIZER_FILE, `the source directory has no ${TOKENIZER_FILE}`);
  const tokenizerFiles = OPTIONAL_TOKENIZER_FILES.flatMap((name) => {
    const text = readSmallFile(sourceDir, name, MAX_TOKENIZER_CONFIG_BYTES);
    return text === undefined ? [] : [{ name, text }];
  });

  const checkpoint = Checkpoint.open(sourceDir);
  let params: ModelParams;
  try {
    params = readCheckpointParams(checkpoint, model, ({ tensor, done, total }) =>
      options.onProgress?.({ phase: 'weights', item: tensor, done, total }),
    );
  } finally {
    checkpoint.close();
  }

  const staging = stagingDirectory(outDir);
  try {
    writeWeights(path.join(staging, IMPORTED_WEIGHTS_FILE), model, params);
    const withExternalData = writeGraphs(staging, model, params, options);
    writeAtomically(path.join(staging, TOKENIZER_FILE), tokenizer);
    for (const { name, text } of tokenizerFiles) writeAtomically(path.join(staging, name), text);
    writeModelDirectory(staging, {
      hfConfigJson: outputConfigJson(config.text, withExternalData),
      hfGenerationConfigJson: generation?.text ?? generatedGenerationConfig(tokens),
      models: {},
    });
    if (existsSync(outDir)) rmSync(outDir, { recursive: true });
    renameSync(staging, outDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }

  const read = [CONFIG_FILE, ...(generation ? [GENERATION_CONFIG_FILE] : []), TOKENIZER_FILE, ...tokenizerFiles.map((f) => f.name), ...checkpoint.fileNames];
  const sourceFiles: SourceFile[] = [];
  for (const name of read) sourceFiles.push(await describeSourceFile(sourceDir, name));
  const parameterCount = [...params.values()].reduce((sum, values) => sum + values.length, 0);
  return { model, sourceFiles, parameterCount, tokens };
}
