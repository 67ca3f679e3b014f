import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CorruptModelError, ModelImportError } from '../../errors';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { BYTE_LEVEL_VOCAB_SIZE } from '../testing/byte-level-tokenizer';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { fromHfModelConfig } from './hf-config';
import { modelFilePath, readModelConfig } from './model-directory';

describe('model directory', () => {
  const config = tinyConfig({ vocabSize: BYTE_LEVEL_VOCAB_SIZE, positional: 'sinusoidal' });
  let dir: string;
  let remove: () => void;
  beforeAll(() => {
    ({ dir, remove } = temporaryDirectory());
    exportTestModel(dir, config, randomParams(config, 1), ['fp32', 'q4']);
  });
  afterAll(() => remove());

  it('is laid out as the Hugging Face ecosystem expects', () => {
    for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json']) {
      expect(existsSync(path.join(dir, file))).toBe(true);
    }
    expect(modelFilePath(dir)).toBe(path.join(dir, 'onnx', 'model.onnx'));
    for (const file of ['model_q4.onnx', 'decoder_step.onnx', 'decoder_step_q4.onnx']) {
      expect(existsSync(path.join(dir, 'onnx', file))).toBe(true);
    }
  });

  it('writes a GPT-2 config.json and generation_config.json', () => {
    const hf = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(hf).toMatchObject({
      model_type: 'gpt2',
      n_embd: config.nEmbd,
      n_head: config.nHead,
      n_layer: config.nLayer,
      n_positions: config.contextLength,
      vocab_size: config.vocabSize,
      bos_token_id: 256,
      eos_token_id: 256,
    });
    const generation = JSON.parse(readFileSync(path.join(dir, 'generation_config.json'), 'utf8'));
    expect(generation).toMatchObject({ bos_token_id: 256, eos_token_id: 256, do_sample: false });
  });

  it('reads the config back unchanged', () => {
    expect(readModelConfig(dir)).toEqual({ model: { architecture: 'gpt2', config }, tokens: { bosTokenId: 256, eosTokenId: 256 } });
  });

  it('names a missing, unparsable or incomplete config.json', () => {
    const { dir: broken, remove: removeBroken } = temporaryDirectory();
    try {
      expect(() => readModelConfig(broken)).toThrow(CorruptModelError);
      writeFileSync(path.join(broken, 'config.json'), '{"model_type": "gpt2", "n_embd": ');
      expect(() => readModelConfig(broken)).toThrow(/config\.json is corrupt/);
      writeFileSync(path.join(broken, 'config.json'), JSON.stringify({ model_type: 'gpt2', n_embd: 16 }));
      expect(() => readModelConfig(broken)).toThrow(/field n_head is missing/);
    } finally {
      removeBroken();
    }
  });

  it('refuses a config that cannot form a model', () => {
    const hf = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(() => fromHfModelConfig({ ...hf, n_head: 3 })).toThrow(ModelImportError);
    expect(() => fromHfModelConfig({ ...hf, n_head: 3 })).toThrow(/n_head/);
  });
});
