import { artifactFilesUnder, artifactSha256, BlobStore } from '@llmchain/platform';
import {
  CONFIG_FILE, exportModelDirectory, GptConfig, ModelParams, saveWeights, SpecialTokenIds, tokenizerFilesOf, TOKENIZER_FILE,
} from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { uploadFile } from './blob-files';
import { StoredFile } from './training-job';

/** Weights beside the ONNX graphs, so a later job can fine-tune the model. */
export const WEIGHTS_FILE = 'model.safetensors';

/** Weight formats every trained model is exported in: full precision, and int8 for faster serving. */
export const EXPORTED_VARIANTS = ['fp32', 'q8'] as const;

export { artifactSha256 };

export function modelArtifactKey(outputPrefix: string): string {
  return `${outputPrefix}/model`;
}

export interface ExportedModel {
  artifactBlobKey: string;
  artifactSha256: string;
  files: StoredFile[];
  weightsBlobKey: string;
  tokenizerBlobKey: string;
}

/**
 * Writes the model directory (config, generation config, tokenizer files, ONNX graphs per variant, model.safetensors)
 * into `dir`, then commits every file under <outputPrefix>/model/<path>: the layout serving copies back and
 * InferenceModel / Tokenizer load. config.json goes last, as writeModelDirectory writes it,, marking a complete upload.
 */
export async function exportModel(
  blobs: BlobStore,
  options: { dir: string; outputPrefix: string; config: GptConfig; params: ModelParams; tokenizer: Tokenizer; tokens: SpecialTokenIds },
): Promise<ExportedModel> {
  const { dir, config, params } = options;
  await rm(dir, { recursive: true, force: true });
  exportModelDirectory(dir, { config, params, tokens: options.tokens, variants: [...EXPORTED_VARIANTS], tokenizer: tokenizerFilesOf(options.tokenizer) });
  saveWeights(path.join(dir, WEIGHTS_FILE), config, params);
  return uploadModelDirectory(blobs, dir, modelArtifactKey(options.outputPrefix));
}

/**
 * Commits every file of a model directory under <artifactBlobKey>/<path>, `lastFile` (config.json; an adapter's
 * adapter_config.json) last, its presence marking a complete upload: the layout serving copies back and loads.
 */
export async function uploadModelDirectory(blobs: BlobStore, dir: string, artifactBlobKey: string, lastFile = CONFIG_FILE): Promise<ExportedModel> {
  const paths = await artifactFilesUnder(dir);
  const ordered = [...paths.filter((p) => p !== lastFile), lastFile];
  const files: StoredFile[] = [];
  for (const file of ordered) {
    const stored = await uploadFile(blobs, path.join(dir, file), `${artifactBlobKey}/${file}`);
    files.push({ path: file, bytes: stored.bytes, sha256: stored.sha256 });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return {
    artifactBlobKey,
    artifactSha256: artifactSha256(files),
    files,
    weightsBlobKey: `${artifactBlobKey}/${WEIGHTS_FILE}`,
    tokenizerBlobKey: `${artifactBlobKey}/${TOKENIZER_FILE}`,
  };
}
