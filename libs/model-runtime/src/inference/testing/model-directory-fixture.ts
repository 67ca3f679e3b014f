import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GptConfig } from '../../model/config';
import { ModelParams } from '../../model/params';
import { exportModelDirectory } from '../export/export-model';
import { ModelVariant } from '../model-directory/model-directory';
import { BYTE_LEVEL_VOCAB_SIZE, byteLevelTokenizerFiles, END_OF_TEXT_ID } from './byte-level-tokenizer';

/** A temporary directory tests export into; remove() deletes it. */
export function temporaryDirectory(prefix = 'llmchain-inference-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Exports config + params into dir with the byte-level tokenizer when the vocabulary fits it. */
export function exportTestModel(
  dir: string,
  config: GptConfig,
  params: ModelParams,
  variants: ModelVariant[] = ['fp32'],
): void {
  const eos = config.vocabSize === BYTE_LEVEL_VOCAB_SIZE ? END_OF_TEXT_ID : config.vocabSize - 1;
  exportModelDirectory(dir, {
    config,
    params,
    tokens: { bosTokenId: eos, eosTokenId: eos },
    variants,
    tokenizer: config.vocabSize === BYTE_LEVEL_VOCAB_SIZE ? byteLevelTokenizerFiles(config.contextLength) : undefined,
  });
}
