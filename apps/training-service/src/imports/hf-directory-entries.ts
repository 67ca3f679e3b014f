/**
 * What a Hugging Face model directory upload may hold, checked per tar entry before a byte of it is written: plain
 * files with the names transformers writes (configs, tokenizer files, safetensors weights, single or sharded), at the
 * top of the archive or inside one top-level folder. Documentation files a Hub checkout carries are skipped.
 */

const MODEL_FILES = new Set([
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'added_tokens.json',
  'chat_template.jinja',
  'vocab.json',
  'merges.txt',
  'tokenizer.model',
  'model.safetensors',
  'model.safetensors.index.json',
]);
const SHARD = /^model-\d{5}-of-\d{5}\.safetensors$/;
const SKIPPED = /^(README\.md|LICENSE(\.\w+)?|NOTICE|USE_POLICY\.md|\.gitattributes)$/;
const WEIGHTS = /\.safetensors$/;

/** Whether an upload keeps a file of this name: the files of a Hugging Face directory the import reads. */
export function isModelDirectoryFile(name: string): boolean {
  return MODEL_FILES.has(name) || SHARD.test(name);
}

/** A problem with the upload, named by the entry (or `archive`) at fault: the API answers 400 with it. */
export class ModelUploadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelUploadError';
  }
}

export interface UploadLimits {
  /** Largest weights file. */
  maxWeightsFileBytes: number;
  /** Largest config or tokenizer file. */
  maxTextFileBytes: number;
  /** All files together. */
  maxTotalBytes: number;
  maxEntries: number;
}

export type EntryDecision = { keep: true; name: string; maxBytes: number } | { keep: false };

/**
 * Decides one entry of the archive. `folder` is the top-level folder the first entry used (or '' when files sit at
 * the top); every later entry must use the same one.
 */
export function decideEntry(rawPath: string, type: string, folder: { name: string | null }, limits: UploadLimits): EntryDecision {
  const entry = JSON.stringify(rawPath);
  if (rawPath.includes('\0') || rawPath.includes('\\')) throw new ModelUploadError(rawPath, `entry ${entry} has a NUL or backslash in its path`);
  if (rawPath.startsWith('/')) throw new ModelUploadError(rawPath, `entry ${entry} is an absolute path; paths must be relative to the model directory`);
  const parts = rawPath.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw new ModelUploadError(rawPath, `entry ${entry} climbs out of the model directory with ..`);
  if (type === 'directory') {
    if (parts.length > 1) throw new ModelUploadError(rawPath, `entry ${entry} is a nested folder; a model directory has its files at the top`);
    if (parts.length === 1) claimFolder(folder, parts[0], rawPath);
    return { keep: false };
  }
  if (type !== 'file') throw new ModelUploadError(rawPath, `entry ${entry} is a ${type}; only plain files are accepted (no links or devices)`);
  if (parts.length === 0 || parts.length > 2) throw new ModelUploadError(rawPath, `entry ${entry} is not a file at the top of the model directory`);
  claimFolder(folder, parts.length === 2 ? parts[0] : '', rawPath);
  const name = parts[parts.length - 1];
  if (SKIPPED.test(name)) return { keep: false };
  if (!isModelDirectoryFile(name)) {
    const hint = /\.(bin|pt|pth|ckpt|h5|gguf)$/.test(name) ? ' (only safetensors weights are imported)' : '';
    throw new ModelUploadError(name, `${name} is not a file of a Hugging Face model directory${hint}`);
  }
  return { keep: true, name, maxBytes: WEIGHTS.test(name) ? limits.maxWeightsFileBytes : limits.maxTextFileBytes };
}

function claimFolder(folder: { name: string | null }, name: string, rawPath: string): void {
  if (folder.name === null) folder.name = name;
  else if (folder.name !== name) {
    throw new ModelUploadError(rawPath, `entry ${JSON.stringify(rawPath)} is outside the archive's one model directory ${JSON.stringify(folder.name || '.')}`);
  }
}
