import { SequenceTooLongError, TokenIdOutOfRangeError } from '../../errors';
import { UnknownSequenceError } from '../errors';
import { HuggingFaceGraphSession } from '../session/hugging-face-graph';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { wholeSequenceLogits } from '../testing/whole-sequence-logits';
import { BatchedDecoder } from './batched-decoder';
import { TokenEvent } from './generation-options';
import { generate, generateBatch } from './generate';

const config = tinyConfig({ contextLength: 32 });
const prompts = [[5, 9, 2, 33, 1, 7, 7], [12], [30, 2, 8]];
let model: InferenceModel;
let hfGraph: HuggingFaceGraphSession;
let remove: () => void;

beforeAll(async () => {
  const fixture = temporaryDirectory();
  remove = fixture.remove;
  exportTestModel(fixture.dir, config, randomParams(config, 21));
  model = await InferenceModel.load(fixture.dir);
  hfGraph = await HuggingFaceGraphSession.load(fixture.dir);
});
afterAll(async () => {
  await sessionCache.clear();
  remove();
});

/** A model with room for sequences longer than two cache capacity chunks. */
async function loadLong(): Promise<InferenceModel> {
  const fixture = temporaryDirectory();
  const longConfig = tinyConfig({ contextLength: 96 });
  exportTestModel(fixture.dir, longConfig, randomParams(longConfig, 4));
  const loaded = await InferenceModel.load(fixture.dir);
  fixture.remove();
  return loaded;
}

/** Logits of the last position from a cache-free run of the Hugging Face interface graph. */
async function recomputedLogits(tokens: number[]): Promise<Float32Array> {
  return wholeSequenceLogits(hfGraph, [tokens], 1);
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i])), 0);
}

/** Runs the decoder to the end, grouping events by sequence id. */
async function drain(decoder: BatchedDecoder, first: TokenEvent[]): Promise<Map<number, TokenEvent[]>> {
  const bySequence = new Map<number, TokenEvent[]>();
  const add = (events: TokenEvent[]) =>
    events.forEach((e) => bySequence.set(e.sequenceId, [...(bySequence.get(e.sequenceId) ?? []), e]));
  add(first);
  while (decoder.activeCount > 0) add(await decoder.step());
  return bySequence;
}

describe('BatchedDecoder', () => {
  it('gives each row of a batched step the logits of a full recompute of that sequence alone', async () => {
    const decoder = new BatchedDecoder(model);
    const first = await decoder.addSequences(prompts.map((prompt, i) => ({ prompt, maxNewTokens: 12 + i })));
    const events = await drain(decoder, first);
    expect([...events.values()].map((e) => e.length)).toEqual([12, 13, 14]);
    for (const [index, prompt] of prompts.entries()) {
      const sequence = events.get(first[index].sequenceId) as TokenEvent[];
      for (let t = 0; t < sequence.length; t++) {
        const history = [...prompt, ...sequence.slice(0, t).map((e) => e.token)];
        expect(maxAbsDifference(sequence[t].logits, await recomputedLogits(history))).toBeLessThan(1e-4);
      }
    }
  });

  it('keeps every sequence exact through joins, leaves, more rows than its first cache and capacity growth and shrinking', async () => {
    const longModel = await loadLong();
    const decoder = new BatchedDecoder(longModel);
    const request = (i: number, maxNewTokens: number) => ({ prompt: [(i * 7) % 40, (i * 3 + 1) % 40, 5, i % 40], maxNewTokens, temperature: 1, seed: i });
    const plans = [80, 6, 30, 3, 12, 70, 9, 20, 40].map((maxNewTokens, i) => request(i, maxNewTokens));
    const tokens = new Map<number, number[]>();
    const planOf = new Map<number, number>();
    const record = (events: TokenEvent[]) => events.forEach((e) => tokens.get(e.sequenceId)?.push(e.token));
    const join = async (indices: number[]) => {
      const firsts = await decoder.addSequences(indices.map((i) => plans[i]));
      firsts.forEach((e, k) => {
        tokens.set(e.sequenceId, [e.token]);
        planOf.set(e.sequenceId, indices[k]);
      });
      return firsts;
    };
    await join([0, 1]);
    for (let i = 0; i < 3; i++) record(await decoder.step());
    const [third] = await join([2, 3, 4, 5]);
    record(await decoder.step());
    decoder.removeSequence(third.sequenceId);
    for (let i = 0; i < 4; i++) record(await decoder.step());
    await join([6, 7]);
    for (let i = 0; i < 50; i++) record(await decoder.step());
    // Still running once the long ones left: the cache shrinks around it.
    await join([8]);
    while (decoder.activeCount > 0) record(await decoder.step());
    for (const [id, generated] of tokens) {
      const index = planOf.get(id) as number;
      const alone = await generate(longModel, plans[index].prompt, plans[index]);
      // The removed sequence stopped early; every other one ran to its end exactly as it would alone.
      expect(generated).toEqual(id === third.sequenceId ? alone.tokens.slice(0, generated.length) : alone.tokens);
    }
    expect(tokens.get(third.sequenceId)).toHaveLength(2);
  });

  it('generates in a batch exactly what batch-1 runs generate, greedy and seeded', async () => {
    const requests = prompts.map((prompt, i) => ({ prompt, maxNewTokens: 10, temperature: i === 0 ? 0 : 1.3, seed: i }));
    const batched = await generateBatch(model, requests);
    const alone = await Promise.all(requests.map((request) => generate(model, request.prompt, request)));
    expect(batched).toEqual(alone);
  });

  it('admits a sequence while others are mid-generation and removes one on request', async () => {
    const decoder = new BatchedDecoder(model);
    const [a, b] = await decoder.addSequences([
      { prompt: prompts[0], maxNewTokens: 12 },
      { prompt: prompts[2], maxNewTokens: 12 },
    ]);
    const aTokens = [a.token];
    for (let i = 0; i < 3; i++) aTokens.push((await decoder.step())[0].token);
    decoder.removeSequence(b.sequenceId);
    const [c] = await decoder.addSequences([{ prompt: prompts[1], maxNewTokens: 5 }]);
    const cTokens = [c.token];
    while (decoder.activeCount > 0) {
      for (const event of await decoder.step()) (event.sequenceId === c.sequenceId ? cTokens : aTokens).push(event.token);
    }
    expect(aTokens).toEqual((await generate(model, prompts[0], { maxNewTokens: 12 })).tokens);
    expect(cTokens).toEqual((await generate(model, prompts[1], { maxNewTokens: 5 })).tokens);
    expect(() => decoder.removeSequence(b.sequenceId)).toThrow(UnknownSequenceError);
  });

  it('gives no token to a sequence removed while a step is in flight', async () => {
    const decoder = new BatchedDecoder(model);
    const [a, b] = await decoder.addSequences([
      { prompt: prompts[0], maxNewTokens: 2 },
      { prompt: prompts[1], maxNewTokens: 5 },
    ]);
    const inFlight = decoder.step();
    // Let the step start and reach its session run (which completes on a later macrotask).
    for (let i = 0; i < 5; i++) await Promise.resolve();
    decoder.removeSequence(a.sequenceId);
    const events = await inFlight;
    expect(events.map((e) => e.sequenceId)).toEqual([b.sequenceId]);
    expect(decoder.activeCount).toBe(1);
    expect((await decoder.step()).map((e) => e.sequenceId)).toEqual([b.sequenceId]);
  });

  it('prefills a joining sequence while another is removed (a cancelled request), and the rest go on exactly', async () => {
    const decoder = new BatchedDecoder(model);
    const tokens = new Map<number, number[]>();
    const record = (events: TokenEvent[]) => {
      for (const e of events) tokens.set(e.sequenceId, [...(tokens.get(e.sequenceId) ?? []), e.token]);
      return events;
    };
    const [a, b] = record(await decoder.addSequences([
      { prompt: prompts[0], maxNewTokens: 12 },
      { prompt: prompts[2], maxNewTokens: 12 },
    ]));
    for (let i = 0; i < 3; i++) record(await decoder.step());
    const joining = decoder.addSequences([{ prompt: prompts[1], maxNewTokens: 5 }]);
    // Let the prefill reach its session run, then remove the row before the new one.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    decoder.removeSequence(a.sequenceId);
    const [c] = record(await joining);
    while (decoder.activeCount > 0) record(await decoder.step());
    expect(tokens.get(a.sequenceId)).toEqual((await generate(model, prompts[0], { maxNewTokens: 4 })).tokens);
    expect(tokens.get(b.sequenceId)).toEqual((await generate(model, prompts[2], { maxNewTokens: 12 })).tokens);
    expect(tokens.get(c.sequenceId)).toEqual((await generate(model, prompts[1], { maxNewTokens: 5 })).tokens);
  });

  it('finishes on end-of-sequence, on a stop sequence, and at the context length', async () => {
    const greedy = await generate(model, prompts[0], { maxNewTokens: 8 });
    const eos = await generate(model, prompts[0], { maxNewTokens: 8, eosTokenIds: [greedy.tokens[2]] });
    expect(eos).toEqual({ tokens: greedy.tokens.slice(0, 3), finishReason: 'eos' });

    const decode = (ids: number[]) => ids.map((id) => `<${id}>`).join('');
    const stopAt = `<${greedy.tokens[1]}>`;
    const stopped = await generate(model, prompts[0], { maxNewTokens: 8, stopSequences: [stopAt], decode });
    expect(stopped.finishReason).toBe('stop');
    expect(stopped.text).toBe(decode(greedy.tokens).slice(0, decode(greedy.tokens).indexOf(stopAt)));

    const full = await generate(model, prompts[0], { maxNewTokens: 100 });
    expect(full.finishReason).toBe('length');
    expect(prompts[0].length + full.tokens.length).toBe(config.contextLength);
  });

  it('rejects out-of-range token ids and over-long prompts by name', async () => {
    const decoder = new BatchedDecoder(model);
    await expect(decoder.addSequences([{ prompt: [1, config.vocabSize], maxNewTokens: 2 }])).rejects.toThrow(
      TokenIdOutOfRangeError,
    );
    await expect(decoder.addSequences([{ prompt: [1, -1], maxNewTokens: 2 }])).rejects.toThrow(/token id -1/);
    const tooLong = new Array(config.contextLength + 1).fill(3);
    await expect(decoder.addSequences([{ prompt: tooLong, maxNewTokens: 1 }])).rejects.toThrow(SequenceTooLongError);
    expect(decoder.activeCount).toBe(0);
  });
});
