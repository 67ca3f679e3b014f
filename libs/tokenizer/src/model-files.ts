import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TokenizerFormatError } from './errors';
import { Tokenizer } from './tokenizer';

export const TOKENIZER_FILE = 'tokenizer.json';
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';

/** Writes tokenizer.json and tokenizer_config.json into a model directory (created if missing). */
export async function saveTokenizer(tokenizer: Tokenizer, directory: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, TOKENIZER_FILE), JSON.stringify(tokenizer.toTokenizerJson()));
  await writeFile(join(directory, TOKENIZER_CONFIG_FILE), JSON.stringify(tokenizer.toTokenizerConfig(), null, 2));
}

/** Loads a model directory's tokenizer.json, with tokenizer_config.json when the directory has one. */
export async function loadTokenizer(directory: string): Promise<Tokenizer> {
  const tokenizerJson = await readJson(join(directory, TOKENIZER_FILE));
  const configPath = join(directory, TOKENIZER_CONFIG_FILE);
  const config = await readJson(configPath).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  return Tokenizer.fromTokenizerJson(tokenizerJson, config);
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TokenizerFormatError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
