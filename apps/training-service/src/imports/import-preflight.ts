import {
  Checkpoint, CONFIG_FILE, DecoderModelConfig, expectedParamShapes, fromHfModelConfig, ModelImportError, TOKENIZER_FILE,
} from '@llmchain/model-runtime';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The checks an upload passes before it is queued, reading no weights: config.json describes an architecture the
 * runtime imports, tokenizer.json is there, and every weight tensor the config names has the shape it implies
 * (safetensors headers only; skipped with `weights: false`, for a source whose weights are not local). Missing or extra
 * tensors and bad values are the import job's to find.
 */
export function preflightHfDirectory(dir: string, options: { weights: boolean } = { weights: true }): DecoderModelConfig {
  const configFile = path.join(dir, CONFIG_FILE);
  if (!existsSync(configFile)) throw new ModelImportError(CONFIG_FILE, `the model directory has no ${CONFIG_FILE}`);
  if (statSync(configFile).size > MAX_CONFIG_BYTES) throw new ModelImportError(CONFIG_FILE, `${CONFIG_FILE} is larger than ${MAX_CONFIG_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch {
    throw new ModelImportError(CONFIG_FILE, `${CONFIG_FILE} is not valid JSON`);
  }
  const model = fromHfModelConfig(json);
  if (!existsSync(path.join(dir, TOKENIZER_FILE))) throw new ModelImportError(TOKENIZER_FILE, `the model directory has no ${TOKENIZER_FILE}`);
  if (!options.weights) return model;
  const expected = expectedParamShapes(model);
  const checkpoint = Checkpoint.open(dir);
  try {
    for (const [name, { location }] of checkpoint.tensors) {
      // GPT2LMHeadModel prefixes its body with `transformer.`; the runtime names GPT2Model's parameters.
      const shape = expected.get(model.architecture === 'gpt2' ? name.replace(/^transformer\./, '') : name);
      if (shape && (shape.length !== location.shape.length || shape.some((d, i) => d !== location.shape[i]))) {
        throw new ModelImportError(name, `tensor ${name} has shape [${location.shape}], ${CONFIG_FILE} implies [${shape}]`);
      }
    }
  } finally {
    checkpoint.close();
  }
  return model;
}
