import * as path from 'node:path';
import { trainBpe } from '@llmchain/tokenizer';
import { generate } from '../generation/generate';
import { tokenizerFilesOf } from '../model-directory/model-directory';
import { exportModelDirectory } from '../export/export-model';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';

const corpus = [
  'the cat sat on the mat. the dog sat on the log. ',
  'a cat and a dog met on the mat by the log; the cat ran. ',
  'then the dog ran after the cat, and the mat was empty. ',
].join('').repeat(20);

describe('a model directory carrying libs/tokenizer files', () => {
  afterAll(() => sessionCache.clear());

  it('is loaded by transformers.js, which decodes the same greedy text as this runtime', async () => {
    const tokenizer = await trainBpe([corpus], { vocabSize: 320, minFrequency: 2 });
    const eos = tokenizer.eosTokenId as number;
    const config = tinyConfig({ vocabSize: tokenizer.vocabSize, contextLength: 64, nEmbd: 32, nHead: 4 });
    const { dir, remove } = temporaryDirectory();
    try {
      exportModelDirectory(dir, {
        config,
        params: randomParams(config, 9, 0.5),
        tokens: { bosTokenId: eos, eosTokenId: eos },
        tokenizer: tokenizerFilesOf(tokenizer),
      });
      const prompt = 'the cat sat';
      const ours = await generate(await InferenceModel.load(dir), tokenizer.encode(prompt), { maxNewTokens: 10 });

      const transformers = await import('@huggingface/transformers');
      transformers.env.allowRemoteModels = false;
      transformers.env.localModelPath = path.dirname(dir);
      const generator = await transformers.pipeline('text-generation', path.basename(dir), { dtype: 'fp32' });
      const [output] = (await generator(prompt, { max_new_tokens: 10, do_sample: false })) as { generated_text: string }[];
      await generator.dispose();

      expect(output.generated_text).toBe(prompt + tokenizer.decode(ours.tokens, { skipSpecialTokens: true }));
      expect(ours.tokens.length).toBeGreaterThan(0);
    } finally {
      remove();
    }
  });
});
