import * as path from 'node:path';
import { generate } from '../generation/generate';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { BYTE_LEVEL_VOCAB_SIZE, encodeBytes } from '../testing/byte-level-tokenizer';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';

describe('transformers.js interoperability', () => {
  it('loads the model directory from local disk and greedy-generates the same tokens', async () => {
    const transformers = await import('@huggingface/transformers');
    const config = tinyConfig({ vocabSize: BYTE_LEVEL_VOCAB_SIZE, contextLength: 48, nEmbd: 32, nHead: 4 });
    const { dir, remove } = temporaryDirectory();
    try {
      exportTestModel(dir, config, randomParams(config, 3, 0.5));
      transformers.env.allowRemoteModels = false;
      transformers.env.localModelPath = path.dirname(dir);
      const modelId = path.basename(dir);
      const tokenizer = await transformers.AutoTokenizer.from_pretrained(modelId);
      const hfModel = await transformers.AutoModelForCausalLM.from_pretrained(modelId, { dtype: 'fp32' });
      const prompt = 'The quick brown fox';
      const inputs = tokenizer(prompt);
      expect(Array.from(inputs.input_ids.data as BigInt64Array, Number)).toEqual(encodeBytes(prompt));
      const output = (await hfModel.generate({ ...inputs, max_new_tokens: 12, do_sample: false })) as any;
      const theirs = Array.from(output.data as BigInt64Array, Number).slice(prompt.length);

      const ours = await generate(await InferenceModel.load(dir), encodeBytes(prompt), { maxNewTokens: 12 });
      expect(theirs).toHaveLength(12);
      expect(ours.tokens).toEqual(theirs);
      await hfModel.dispose();
    } finally {
      await sessionCache.clear();
      remove();
    }
  });
});
