import * as path from 'node:path';
import { importHfModelDirectory } from '../../import/import-hf-model';
import { HF_FIXTURES, maxAbsDifference, readReference } from '../../import/testing/reference-fixture';
import { readPeftAdapter } from '../../lora/peft-files';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { temporaryDirectory } from '../testing/model-directory-fixture';
import { BatchedDecoder } from './batched-decoder';
import { TokenEvent } from './generation-options';

/**
 * The imported Llama fixture (grouped-query attention, llama3 rope scaling) with its PEFT adapter, every reference
 * prompt once with and once without the adapter in one batch: each row's prompt logits and greedy tokens equal what
 * transformers + PEFT computed for it (llama-lora/reference.json, llama/reference.json).
 */
describe('a mixed batch of the Llama fixture with and without its LoRA adapter', () => {
  const fixture = temporaryDirectory('llmchain-llama-');
  afterAll(async () => {
    await sessionCache.clear();
    fixture.remove();
  });

  it('gives each row the reference logits and greedy tokens of its own model', async () => {
    const dir = path.join(fixture.dir, 'model');
    await importHfModelDirectory(path.join(HF_FIXTURES, 'llama'), dir);
    const model = await InferenceModel.load(dir);
    const adapter = await model.loadAdapter(readPeftAdapter(path.join(HF_FIXTURES, 'llama-lora')));
    const references = { base: readReference('llama'), adapted: readReference('llama-lora') };
    const rows = references.base.prompts.flatMap((prompt, i) => [
      { prompt, i, reference: references.adapted, adapter },
      { prompt, i, reference: references.base, adapter: undefined },
    ]);
    const decoder = new BatchedDecoder(model);
    const first = await decoder.addSequences(rows.map(({ prompt, adapter }) => ({ prompt, adapter, maxNewTokens: 8, eosTokenIds: [] })));
    const events = new Map<number, TokenEvent[]>(first.map((event) => [event.sequenceId, [event]]));
    rows.forEach(({ prompt, i, reference }, row) => {
      const vocab = model.shape.vocabSize;
      const lastPosition = reference.logits[i].subarray((prompt.length - 1) * vocab, prompt.length * vocab);
      expect(maxAbsDifference(first[row].logits, lastPosition)).toBeLessThan(1e-4);
    });
    while (decoder.activeCount > 0) for (const event of await decoder.step()) events.get(event.sequenceId)?.push(event);
    const tokens = first.map(({ sequenceId }) => (events.get(sequenceId) as TokenEvent[]).map((e) => e.token));
    expect(tokens).toEqual(rows.map(({ i, reference }) => reference.greedy[i]));
    expect(references.adapted.greedy).not.toEqual(references.base.greedy);
  });
});
