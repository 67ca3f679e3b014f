import { HuggingFaceGraphSession } from '../session/hugging-face-graph';
import { InferenceModel } from '../session/inference-model';
import { ResidentAdapter } from '../session/resident-adapter';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomPeftAdapter } from '../testing/random-peft-adapter';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { wholeSequenceLogits } from '../testing/whole-sequence-logits';
import { BatchedDecoder } from './batched-decoder';
import { SequenceRequest, TokenEvent } from './generation-options';
import { PrefixCache } from './prefix-cache';

const config = tinyConfig({ contextLength: 64 });
const BLOCK = 4;
/** A "system prompt" of 3 whole blocks and a bit, then each request's own question. */
const system = [3, 17, 8, 8, 21, 5, 30, 2, 11, 9, 14, 6, 27];
const questions = [[1, 2, 3], [33, 4], [7, 7, 7, 7, 7, 12]];
const maxNewTokens = 12;

let model: InferenceModel;
let hfGraph: HuggingFaceGraphSession;
let adapter: ResidentAdapter;
let remove: () => void;

beforeAll(async () => {
  const fixture = temporaryDirectory();
  remove = fixture.remove;
  exportTestModel(fixture.dir, config, randomParams(config, 8));
  model = await InferenceModel.load(fixture.dir);
  hfGraph = await HuggingFaceGraphSession.load(fixture.dir);
  adapter = await model.loadAdapter(randomPeftAdapter(config, { r: 4, alpha: 8, modules: ['attn.c_attn', 'mlp.c_fc'], seed: 3 }));
});
afterAll(async () => {
  await sessionCache.clear();
  remove();
});

const newCache = (budgetBytes = 1 << 20) => new PrefixCache(model.shape, { blockTokens: BLOCK, budgetBytes });
const greedy = (prompt: number[], extra: Partial<SequenceRequest> = {}): SequenceRequest => ({ prompt, maxNewTokens, temperature: 0, ...extra });

/** Per request, its greedy tokens and each step's logits (copied). */
type Decoded = { tokens: number[]; logits: Float32Array[] };

/** Runs `waves` of requests through one decoder: each wave joins after the previous one's first two steps. */
async function decodeWaves(decoder: BatchedDecoder, waves: SequenceRequest[][]): Promise<Decoded[]> {
  const bySequence = new Map<number, TokenEvent[]>();
  const order: number[] = [];
  const record = (events: TokenEvent[]) =>
    events.forEach((e) => bySequence.set(e.sequenceId, [...(bySequence.get(e.sequenceId) ?? []), { ...e, logits: Float32Array.from(e.logits) }]));
  for (const wave of waves) {
    const first = await decoder.addSequences(wave);
    order.push(...first.map((e) => e.sequenceId));
    record(first);
    for (let step = 0; step < 2 && decoder.activeCount > 0; step++) record(await decoder.step());
  }
  while (decoder.activeCount > 0) record(await decoder.step());
  return order.map((id) => {
    const events = bySequence.get(id) as TokenEvent[];
    return { tokens: events.map((e) => e.token), logits: events.map((e) => e.logits) };
  });
}

const maxDifference = (a: Float32Array, b: Float32Array) => a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i])), 0);

describe('PrefixCache in the BatchedDecoder', () => {
  it('reuses a shared prefix across joins and leaves and generates exactly what an uncached run does', async () => {
    const waves = [[greedy([...system, ...questions[0]])], [greedy([...system, ...questions[1]]), greedy([9, 9])], [greedy([...system, ...questions[2]])]];
    const uncached = await decodeWaves(new BatchedDecoder(model), waves);
    const cache = newCache();
    const cached = await decodeWaves(new BatchedDecoder(model, { prefixCache: cache }), waves);

    expect(cached.map((d) => d.tokens)).toEqual(uncached.map((d) => d.tokens));
    // The system-prompt requests of the second and third waves each found its 3 whole blocks.
    expect(cache.stats.hitTokens).toBe(2 * 3 * BLOCK);
    // Independent truth: every step's logits equal a cache-free recompute of the whole sequence.
    const prompts = waves.flat().map((r) => r.prompt);
    for (const [index, decoded] of cached.entries()) {
      for (const step of [0, 5, decoded.tokens.length - 1]) {
        const expected = await wholeSequenceLogits(hfGraph, [[...prompts[index], ...decoded.tokens.slice(0, step)]], 1);
        expect(maxDifference(decoded.logits[step], expected)).toBeLessThan(1e-4);
      }
    }
  });

  it('gives a sequence whose prompt is mostly cached a cache row as long as its whole prompt', async () => {
    const cache = newCache();
    const long = Array.from({ length: 50 }, (_, i) => (i * 7 + 3) % 40);
    await decodeWaves(new BatchedDecoder(model, { prefixCache: cache }), [[greedy(long, { maxNewTokens: 2 })]]);
    // A fresh decoder, alone: only the last 2 of its 50 prompt tokens are computed.
    const [cached] = await decodeWaves(new BatchedDecoder(model, { prefixCache: cache }), [[greedy(long)]]);
    expect(cache.stats.hitTokens).toBe(48);
    const [uncached] = await decodeWaves(new BatchedDecoder(model), [[greedy(long)]]);
    expect(cached.tokens).toEqual(uncached.tokens);
  });

  it("stores a prompt's blocks once the next run is on its way, not before its first token goes out", async () => {
    const cache = newCache();
    const decoder = new BatchedDecoder(model, { prefixCache: cache });
    const [leaving, staying] = await decoder.addSequences([greedy([9, 9, 9, 9, 9, 9, 9, 9, 1]), greedy([...system, ...questions[1]])]);
    expect(cache.stats.blocks).toBe(0);
    decoder.removeSequence(leaving.sequenceId); // the next step moves the staying sequence into the freed first row
    await decoder.step();
    // The staying prompt's 3 whole blocks; the one that left before the run stored none.
    expect(cache.stats.blocks).toBe(3);
    decoder.removeSequence(staying.sequenceId);
    const [cached] = await decodeWaves(decoder, [[greedy([...system, ...questions[2]])]]);
    expect(cache.stats.hitTokens).toBe(3 * BLOCK);
    const [uncached] = await decodeWaves(new BatchedDecoder(model), [[greedy([...system, ...questions[2]])]]);
    expect(cached.tokens).toEqual(uncached.tokens);
  });

  it("reuses a finished chat turn's prompt and reply for the next turn", async () => {
    const cache = newCache();
    const decoder = new BatchedDecoder(model, { prefixCache: cache });
    const [turn] = await decodeWaves(decoder, [[greedy([...system, ...questions[0]])]]);
    const nextTurn = [...system, ...questions[0], ...turn.tokens, 4, 5, 6];
    const before = cache.stats.hitTokens;
    const [cachedNext] = await decodeWaves(decoder, [[greedy(nextTurn)]]);
    // Every whole block of the first turn's prompt and reply but the token not yet in its cache.
    const firstTurnCached = system.length + questions[0].length + turn.tokens.length - 1;
    expect(cache.stats.hitTokens - before).toBe(Math.floor(firstTurnCached / BLOCK) * BLOCK);
    const [uncachedNext] = await decodeWaves(new BatchedDecoder(model), [[greedy(nextTurn)]]);
    expect(cachedNext.tokens).toEqual(uncachedNext.tokens);
  });

  it("keeps an adapter's blocks apart from the base's", async () => {
    const cache = newCache();
    const decoder = new BatchedDecoder(model, { prefixCache: cache });
    await decodeWaves(decoder, [[greedy([...system, ...questions[0]])]]);
    const hitsAfterBase = cache.stats.hitTokens;
    const adapted = [greedy([...system, ...questions[1]], { adapter }), greedy([...system, ...questions[2]], { adapter })];
    const [first] = await decodeWaves(decoder, [[adapted[0]]]);
    expect(cache.stats.hitTokens).toBe(hitsAfterBase);
    const [second] = await decodeWaves(decoder, [[adapted[1]]]);
    expect(cache.stats.hitTokens).toBeGreaterThan(hitsAfterBase);
    const uncached = await decodeWaves(new BatchedDecoder(model), [[adapted[0]], [adapted[1]]]);
    expect([first.tokens, second.tokens]).toEqual(uncached.map((d) => d.tokens));
    // Base and adapter rows with cached prefixes of their own, in one prefill and one batch.
    const mixed = [greedy([...system, ...questions[2]]), greedy([...system, ...questions[0]], { adapter }), greedy([5, 5, 5])];
    const hitsBeforeMixed = cache.stats.hitTokens;
    const cachedMixed = await decodeWaves(decoder, [mixed]);
    expect(cache.stats.hitTokens - hitsBeforeMixed).toBe(2 * 3 * BLOCK);
    expect(cachedMixed.map((d) => d.tokens)).toEqual((await decodeWaves(new BatchedDecoder(model), [mixed])).map((d) => d.tokens));
  });

  it('evicts least recently used blocks past its byte budget, a prefix after its continuations', () => {
    const blockBytes = 2 * model.shape.nLayer * model.shape.nKvHead * BLOCK * model.shape.headDim * 4;
    const cache = newCache(3 * blockBytes);
    const width = 12;
    const rows = {
      keys: Array.from({ length: model.shape.nLayer }, () => Float32Array.from({ length: model.shape.nKvHead * width * model.shape.headDim }, (_, i) => i)),
      values: Array.from({ length: model.shape.nLayer }, () => Float32Array.from({ length: model.shape.nKvHead * width * model.shape.headDim }, (_, i) => -i)),
      width,
      row: 0,
      start: 0,
      length: width,
    };
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    cache.insert(a, rows);
    expect(cache.stats).toMatchObject({ blocks: 3, bytes: 3 * blockBytes });
    // A second prompt sharing a's first block adds one block: a's deepest block goes, its first two stay.
    cache.insert([1, 2, 3, 4, 20, 21, 22, 23], rows);
    expect(cache.stats.blocks).toBe(3);
    expect(cache.cachedLength([...a, 0])).toBe(2 * BLOCK);
    expect(cache.lookup([...a, 0]).tokens).toBe(2 * BLOCK);
    // The cached keys are the source's columns, copied back into place.
    const target = { keys: [new Float32Array(rows.keys[0].length), new Float32Array(rows.keys[0].length)], values: [new Float32Array(rows.keys[0].length), new Float32Array(rows.keys[0].length)], width };
    cache.copyInto(cache.lookup([...a, 0]), target, 0);
    const headSpan = width * model.shape.headDim;
    expect(Array.from(target.keys[1].subarray(headSpan, headSpan + 2 * BLOCK * model.shape.headDim))).toEqual(Array.from(rows.keys[1].subarray(headSpan, headSpan + 2 * BLOCK * model.shape.headDim)));
    expect(target.values[0][headSpan + 1]).toBe(-(headSpan + 1));
    // A budget below one block caches nothing.
    const none = newCache(blockBytes - 1);
    none.insert(a, rows);
    expect(none.stats.blocks).toBe(0);
  });

  it("stores a new block in an evicted block's buffer, holding the new keys and values", () => {
    const blockBytes = 2 * model.shape.nLayer * model.shape.nKvHead * BLOCK * model.shape.headDim * 4;
    const cache = newCache(blockBytes);
    const size = model.shape.nKvHead * BLOCK * model.shape.headDim;
    const rowsOf = (base: number) => ({
      keys: Array.from({ length: model.shape.nLayer }, (_, layer) => Float32Array.from({ length: size }, (_, i) => base + layer * size + i)),
      values: Array.from({ length: model.shape.nLayer }, (_, layer) => Float32Array.from({ length: size }, (_, i) => -(base + layer * size + i))),
      width: BLOCK,
      row: 0,
      start: 0,
      length: BLOCK,
    });
    const [a, b, c] = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]];
    cache.insert(a, rowsOf(1000));
    const first = cache.lookup([...a, 0]).blocks[0].data;
    cache.insert(b, rowsOf(2000)); // evicts a
    cache.insert(c, rowsOf(3000)); // evicts b, stored in a's buffer
    const match = cache.lookup([...c, 0]);
    expect(cache.lookup([...a, 0]).tokens).toBe(0);
    expect(match.blocks[0].data).toBe(first);
    const target = { keys: rowsOf(0).keys.map((k) => k.map(() => 0)), values: rowsOf(0).values.map((v) => v.map(() => 0)), width: BLOCK };
    cache.copyInto(match, target, 0);
    expect(target).toEqual({ keys: rowsOf(3000).keys, values: rowsOf(3000).values, width: BLOCK });
  });
});
