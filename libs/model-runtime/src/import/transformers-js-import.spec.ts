import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InferenceModel } from '../inference/session/inference-model';
import { sessionCache } from '../inference/session/session-cache';
import { temporaryDirectory } from '../inference/testing/model-directory-fixture';
import { wholeSequenceLogits } from '../inference/testing/whole-sequence-logits';
import { importHfModelDirectory } from './import-hf-model';
import { HF_FIXTURES, maxAbsDifference, readReference } from './testing/reference-fixture';

/**
 * transformers.js loads the imported directory (config.json as transformers wrote it, onnx/model.onnx with
 * past_key_values of the kv heads only) as its family and greedy-decodes transformers' own tokens.
 */
describe.each([
  ['llama', 'inline weights'],
  ['qwen2', 'inline weights'],
  ['mistral', 'inline weights'],
  ['llama', 'weights in external data, as models past 2 GiB have them'],
])('transformers.js on an imported %s (%s)', (family, layout) => {
  const external = layout.startsWith('weights in external data');
  let dir: string;
  let remove: () => void;
  let transformers: typeof import('@huggingface/transformers');

  beforeAll(async () => {
    const temp = temporaryDirectory('llmchain-import-tjs-');
    remove = temp.remove;
    dir = path.join(temp.dir, family);
    await importHfModelDirectory(path.join(HF_FIXTURES, family), dir, external ? { maxInlineGraphBytes: 0 } : {});
    transformers = await import('@huggingface/transformers');
    transformers.env.allowRemoteModels = false;
    transformers.env.localModelPath = temp.dir;
  });
  afterAll(async () => {
    await sessionCache.clear();
    remove();
  });

  it('says which graphs have external data in config.json, and this runtime reads them', async () => {
    expect(existsSync(path.join(dir, 'onnx', 'decoder_step.onnx_data'))).toBe(external);
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    const expected = external ? { 'model.onnx': 1, 'decoder_step.onnx': 1 } : undefined;
    expect(config['transformers.js_config']?.use_external_data_format).toEqual(expected);
    const reference = readReference(family);
    const logits = await wholeSequenceLogits(await InferenceModel.load(dir), [reference.prompts[0]]);
    expect(maxAbsDifference(logits, reference.logits[0])).toBeLessThan(1e-4);
  });

  it("generates transformers' greedy tokens from onnx/model.onnx", async () => {
    const reference = readReference(family);
    const model = await transformers.AutoModelForCausalLM.from_pretrained(family, { dtype: 'fp32' });
    try {
      for (const [i, prompt] of reference.prompts.entries()) {
        const inputIds = new transformers.Tensor('int64', BigInt64Array.from(prompt, BigInt), [1, prompt.length]);
        const attentionMask = new transformers.Tensor('int64', new BigInt64Array(prompt.length).fill(1n), [1, prompt.length]);
        const output = (await model.generate({
          input_ids: inputIds,
          attention_mask: attentionMask,
          max_new_tokens: 8,
          do_sample: false,
        } as never)) as unknown as { data: BigInt64Array };
        expect(Array.from(output.data, Number).slice(prompt.length)).toEqual(reference.greedy[i]);
      }
    } finally {
      await model.dispose();
    }
  });
});
