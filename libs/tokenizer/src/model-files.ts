import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TokenizerFormatError } from './errors';

export const TOKENIZER_FILE = 'tokenizer.json';
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';

export interface TokenizerFiles {
  readonly tokenizerJson: unknown;
  /** undefined when the directory has no tokenizer_config.json. */
  readonly tokenizerConfig: unknown;
}

/** Writes tokenizer.json and tokenizer_config.json into a model directory (created if missing). */
export async function writeTokenizerFiles(directory: string, files: TokenizerFiles): Promise<void> {
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, TOKENIZER_FILE), JSON.stringify(files.tokenizerJson));
  await writeFile(join(directory, TOKENIZER_CONFIG_FILE), JSON.stringify(files.tokenizerConfig, null, 2));
}

/** Reads a model directory's tokenizer.json, and its tokenizer_config.json when there is one. */
export async function readTokenizerFiles(directory: string): Promise<TokenizerFiles> {
  const tokenizerJson = await readJson(join(directory, TOKENIZER_FILE));
  const tokenizerConfig = await readJson(join(directory, TOKENIZER_CONFIG_FILE)).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  return { tokenizerJson, tokenizerConfig };
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TokenizerFormatError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
