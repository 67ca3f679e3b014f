import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { BatchedDecoder } from './batched-decoder';
import { SequenceRequest } from './generation-options';
import { generate } from './generate';
import { PrefixCache } from './prefix-cache';

const config = tinyConfig({ contextLength: 64 });
let model: InferenceModel;
let remove: () => void;

beforeAll(async () => {
  const fixture = temporaryDirectory();
  remove = fixture.remove;
  exportTestModel(fixture.dir, config, randomParams(config, 13));
  model = await InferenceModel.load(fixture.dir);
});
afterAll(async () => {
  await sessionCache.clear();
  remove();
});

const requests: SequenceRequest[] = [
  { prompt: [5, 9, 2, 33, 1, 7, 7, 3, 3, 8, 21, 4, 6, 2, 2, 9, 10, 11], maxNewTokens: 30 },
  { prompt: [12, 39], maxNewTokens: 25, temperature: 0.9, topK: 20, seed: 7 },
  { prompt: [30, 2, 8], maxNewTokens: 28 },
];

/**
 * Runs the requests in one batch, preempting `victim` (by index) after `after` decode steps and resuming it
 * `pause` steps later beside the others; tokens by request index.
 */
async function runWithPreemption(decoder: BatchedDecoder, victim: number, after: number, pause: number): Promise<number[][]> {
  const tokens: number[][] = requests.map(() => []);
  const index = new Map<number, number>();
  const record = (events: { sequenceId: number; token: number }[]) => events.forEach((e) => tokens[index.get(e.sequenceId) as number].push(e.token));
  const firsts = await decoder.addSequences(requests);
  firsts.forEach((e, i) => index.set(e.sequenceId, i));
  record(firsts);
  for (let i = 0; i < after; i++) record(await decoder.step());
  const preempted = decoder.preemptSequence(firsts[victim].sequenceId);
  for (let i = 0; i < pause; i++) record(await decoder.step());
  const [resumed] = await decoder.addSequences([preempted]);
  index.set(resumed.sequenceId, victim);
  record([resumed]);
  while (decoder.activeCount > 0) record(await decoder.step());
  return tokens;
}

describe('BatchedDecoder preemption', () => {
  it.each([
    ['the long greedy prompt', 0],
    ['the seeded sampled one', 1],
  ])('resumes %s exactly where it left off (recomputed cache, same sampler state)', async (_name, victim) => {
    const alone = await Promise.all(requests.map(async (r) => (await generate(model, r.prompt, r)).tokens));
    expect(await runWithPreemption(new BatchedDecoder(model), victim, 6, 3)).toEqual(alone);
  });

  it('recomputes only what the prefix cache lost, with the same tokens', async () => {
    const prefixCache = new PrefixCache(model.shape, { blockTokens: 4, budgetBytes: 1 << 20 });
    const alone = await Promise.all(requests.map(async (r) => (await generate(model, r.prompt, r)).tokens));
    expect(await runWithPreemption(new BatchedDecoder(model, { prefixCache }), 0, 9, 2)).toEqual(alone);
    // Preempted after 10 tokens, the victim's cache held its 18-token prompt and 9 of them: 6 whole blocks of 4,
    // which its resumption found (nothing else was looked up while the cache held anything).
    expect(prefixCache.stats.hitTokens).toBe(24);
  });
});
