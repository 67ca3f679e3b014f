import { writeFileSync } from 'node:fs';
import { AdapterFormatError, LoraAdapter } from '../../lora/lora-adapter';
import { buildDecoderStepGraph } from '../export/decoder-step-graph';
import { modelFilePath } from '../model-directory/model-directory';
import { InferenceModel } from '../session/inference-model';
import { ResidentAdapter } from '../session/resident-adapter';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { mergeGptAdapter, randomPeftAdapter } from '../testing/random-peft-adapter';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { BatchedDecoder } from './batched-decoder';
import { SequenceRequest, TokenEvent } from './generation-options';

const config = tinyConfig({ contextLength: 48 });
const params = randomParams(config, 31);
const peft = {
  all: randomPeftAdapter(config, { r: 4, alpha: 8, modules: ['attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj'], seed: 1 }),
  // A smaller rank (zero-padded in a batch with the rank-4 one) and only two of the modules.
  some: randomPeftAdapter(config, { r: 2, alpha: 16, modules: ['attn.c_attn', 'mlp.c_fc'], seed: 2 }),
};
const fixtures: (() => void)[] = [];

async function loadModel(modelParams = params): Promise<InferenceModel> {
  const fixture = temporaryDirectory();
  fixtures.push(fixture.remove);
  exportTestModel(fixture.dir, config, modelParams);
  return InferenceModel.load(fixture.dir);
}

let base: InferenceModel;
let adapters: Record<keyof typeof peft, ResidentAdapter>;
beforeAll(async () => {
  base = await loadModel();
  adapters = { all: await base.loadAdapter(peft.all), some: await base.loadAdapter(peft.some) };
});
afterAll(async () => {
  await sessionCache.clear();
  fixtures.forEach((remove) => remove());
});

/** Runs requests to the end in one decoder; per request, its tokens and a copy of each step's logits. */
async function decode(model: InferenceModel, requests: SequenceRequest[]): Promise<{ tokens: number[]; logits: Float32Array[] }[]> {
  const decoder = new BatchedDecoder(model);
  const bySequence = new Map<number, TokenEvent[]>();
  const record = (events: TokenEvent[]) =>
    events.forEach((e) => bySequence.set(e.sequenceId, [...(bySequence.get(e.sequenceId) ?? []), { ...e, logits: Float32Array.from(e.logits) }]));
  const first = await decoder.addSequences(requests);
  record(first);
  while (decoder.activeCount > 0) record(await decoder.step());
  return first.map(({ sequenceId }) => {
    const events = bySequence.get(sequenceId) as TokenEvent[];
    return { tokens: events.map((e) => e.token), logits: events.map((e) => e.logits) };
  });
}

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((row, i) => row.reduce((max, v, j) => Math.max(max, Math.abs(v - b[i][j])), 0)));
}

describe('a batch of sequences with different LoRA adapters', () => {
  const rows: { prompt: number[]; adapter?: keyof typeof peft }[] = [
    { prompt: [5, 9, 2, 33, 1, 7, 7], adapter: 'all' },
    { prompt: [12] },
    { prompt: [30, 2, 8], adapter: 'some' },
    { prompt: [3, 3, 17, 21], adapter: 'all' },
  ];
  const request = (row: (typeof rows)[number], maxNewTokens: number): SequenceRequest => ({
    prompt: row.prompt,
    maxNewTokens,
    adapter: row.adapter && adapters[row.adapter],
  });

  it('gives each row what it gets run alone with its adapter, and what the merged model gives', async () => {
    // Uneven lengths, so rows leave mid-run and the rest are compacted with their adapters.
    const mixed = await decode(base, rows.map((row, i) => request(row, 6 + 3 * i)));
    const merged = {
      all: await loadModel(mergeGptAdapter(config, params, peft.all)),
      some: await loadModel(mergeGptAdapter(config, params, peft.some)),
    };
    for (const [i, row] of rows.entries()) {
      const [alone] = await decode(base, [request(row, 6 + 3 * i)]);
      const [reference] = await decode(row.adapter ? merged[row.adapter] : base, [{ prompt: row.prompt, maxNewTokens: 6 + 3 * i }]);
      expect(mixed[i].tokens).toEqual(alone.tokens);
      expect(maxDifference(mixed[i].logits, alone.logits)).toBeLessThan(1e-5);
      expect(mixed[i].tokens).toEqual(reference.tokens);
      expect(maxDifference(mixed[i].logits, reference.logits)).toBeLessThan(1e-4);
    }
  });

  it('changes the output of adapted rows only', async () => {
    const [plain] = await decode(base, [{ prompt: rows[0].prompt, maxNewTokens: 4 }]);
    const [adapted] = await decode(base, [request(rows[0], 4)]);
    expect(maxDifference(plain.logits, adapted.logits)).toBeGreaterThan(0.1);
  });

  it('runs base-only batches on the plain path: the output of a graph without LoRA inputs, which refuses adapters', async () => {
    const fixture = temporaryDirectory();
    fixtures.push(fixture.remove);
    exportTestModel(fixture.dir, config, params);
    writeFileSync(modelFilePath(fixture.dir, 'fp32', 'decoder_step'), buildDecoderStepGraph(config, params));
    const withoutLora = await InferenceModel.load(fixture.dir);
    const [plain] = await decode(withoutLora, [{ prompt: rows[1].prompt, maxNewTokens: 5 }]);
    const [expected] = await decode(base, [{ prompt: rows[1].prompt, maxNewTokens: 5 }]);
    // Not bit for bit: the If between a projection and the next op keeps onnxruntime from fusing them (bias + GELU).
    expect(expected.tokens).toEqual(plain.tokens);
    expect(maxDifference(expected.logits, plain.logits)).toBeLessThan(1e-5);
    await expect(withoutLora.loadAdapter(peft.all)).rejects.toThrow(/decoder_step\.onnx is corrupt.*no lora\.<layer>\.<module>\.a\|b inputs/);
  });

  it('names the tensor of an adapter that does not fit the base', async () => {
    const rename = (adapter: LoraAdapter, from: string, to: string): LoraAdapter => ({
      ...adapter,
      weights: new Map([...adapter.weights].map(([name, value]) => [name.replace(from, to), value])),
    });
    await expect(base.loadAdapter(rename(peft.some, 'h.1.mlp.c_fc', 'h.7.mlp.c_fc'))).rejects.toThrow(
      /h\.7\.mlp\.c_fc\.lora_A\.weight: adapts a module/,
    );
    const otherWidth = randomPeftAdapter(tinyConfig({ nEmbd: 8 }), { r: 2, alpha: 2, modules: ['attn.c_proj'], seed: 3 });
    await expect(base.loadAdapter(otherWidth)).rejects.toThrow(AdapterFormatError);
    await expect(base.loadAdapter(otherWidth)).rejects.toThrow(/attn\.c_proj\.lora_A\.weight: implies a \[8, 8\] update, expected \[16, 16\]/);
    const onlyA = { ...peft.some, weights: new Map([...peft.some.weights].filter(([name]) => name.includes('lora_A'))) };
    await expect(base.loadAdapter(onlyA)).rejects.toThrow(/has only one of lora_A and lora_B/);
  });
});
