import * as path from 'node:path';
import { temporaryDirectory } from '../inference/testing/model-directory-fixture';
import { importHfModelDirectory } from './import-hf-model';
import { HF_FIXTURES, readReference } from './testing/reference-fixture';

/**
 * transformers.js loads the imported directory (config.json as transformers wrote it, onnx/model.onnx with
 * past_key_values of the kv heads only) as its family and greedy-decodes transformers' own tokens.
 */
describe.each(['llama', 'qwen2', 'mistral'])('transformers.js on an imported %s', (family) => {
  let dir: string;
  let remove: () => void;
  let transformers: typeof import('@huggingface/transformers');

  beforeAll(async () => {
    const temp = temporaryDirectory('llmchain-import-tjs-');
    remove = temp.remove;
    dir = path.join(temp.dir, family);
    await importHfModelDirectory(path.join(HF_FIXTURES, family), dir);
    transformers = await import('@huggingface/transformers');
    transformers.env.allowRemoteModels = false;
    transformers.env.localModelPath = temp.dir;
  });
  afterAll(() => remove());

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
