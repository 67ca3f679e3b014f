import * as path from 'node:path';
import { generate } from '../generation/generate';
import { ModelVariant } from '../model-directory/model-directory';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { BYTE_LEVEL_VOCAB_SIZE, encodeBytes } from '../testing/byte-level-tokenizer';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';

const prompt = 'The quick brown fox';
const newTokens = 12;

describe('transformers.js interoperability', () => {
  const config = tinyConfig({ vocabSize: BYTE_LEVEL_VOCAB_SIZE, contextLength: 48, nEmbd: 32, nHead: 4 });
  let dir: string;
  let remove: () => void;
  let transformers: typeof import('@huggingface/transformers');

  beforeAll(async () => {
    ({ dir, remove } = temporaryDirectory());
    exportTestModel(dir, config, randomParams(config, 3, 0.5), ['fp32', 'q8', 'q4']);
    transformers = await import('@huggingface/transformers');
    transformers.env.allowRemoteModels = false;
    transformers.env.localModelPath = path.dirname(dir);
  });
  afterAll(async () => {
    await sessionCache.clear();
    remove();
  });

  /** transformers.js's greedy continuation of the prompt, tokenized by its own tokenizer from tokenizer.json. */
  async function theirGreedyTokens(dtype: ModelVariant): Promise<number[]> {
    const modelId = path.basename(dir);
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(modelId);
    const model = await transformers.AutoModelForCausalLM.from_pretrained(modelId, { dtype });
    try {
      const inputs = tokenizer(prompt);
      expect(Array.from(inputs.input_ids.data as BigInt64Array, Number)).toEqual(encodeBytes(prompt));
      const output = (await model.generate({ ...inputs, max_new_tokens: newTokens, do_sample: false })) as unknown as {
        data: BigInt64Array;
      };
      return Array.from(output.data, Number).slice(prompt.length);
    } finally {
      await model.dispose();
    }
  }

  it.each(['fp32', 'q8', 'q4'] as const)(
    'loads the %s model from local disk and greedy-generates the same tokens as this runtime',
    async (variant) => {
      const theirs = await theirGreedyTokens(variant);
      const ours = await generate(await InferenceModel.load(dir, { variant }), encodeBytes(prompt), {
        maxNewTokens: newTokens,
      });
      expect(theirs).toHaveLength(newTokens);
      expect(new Set(theirs).size).toBeGreaterThan(3);
      expect(ours.tokens).toEqual(theirs);
    },
  );
});
