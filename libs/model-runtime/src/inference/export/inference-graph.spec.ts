import * as ort from 'onnxruntime-node';
import { modelFilePath } from '../model-directory/model-directory';
import { GptConfig } from '../../model/config';
import { HuggingFaceGraphSession } from '../session/hugging-face-graph';
import { KvCache } from '../session/kv-cache';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { referenceHiddenStates, referenceLogits } from '../testing/reference-forward';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { wholeSequenceLogits } from '../testing/whole-sequence-logits';

const ids = [3, 17, 0, 39, 8, 8, 21, 5, 12];
const int64 = (values: number[]) => BigInt64Array.from(values.map(BigInt));
const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

async function loadTiny(config: GptConfig, seed: number) {
  const { dir, remove } = temporaryDirectory();
  exportTestModel(dir, config, randomParams(config, seed));
  return { model: await HuggingFaceGraphSession.load(dir), stepModel: await InferenceModel.load(dir), dir, remove };
}

function run(model: HuggingFaceGraphSession, tokens: number[], start: number, past?: KvCache) {
  return model.forward({
    batch: 1,
    seq: tokens.length,
    inputIds: int64(tokens),
    attentionMask: int64(range(0, start + tokens.length).map(() => 1)),
    positionIds: int64(range(start, start + tokens.length)),
    past,
    logitsToKeep: 0,
  });
}

afterAll(() => sessionCache.clear());

describe.each(['learned', 'sinusoidal'] as const)('exported graphs (%s positions)', (positional) => {
  const config = tinyConfig({ positional });
  let model: HuggingFaceGraphSession;
  let stepModel: InferenceModel;
  let remove: () => void;
  beforeAll(async () => ({ model, stepModel, remove } = await loadTiny(config, 11)));
  afterAll(() => remove());

  it('compute the same logits as a float64 reference forward, in both graphs', async () => {
    const expected = referenceLogits(config, randomParams(config, 11), ids);
    expect(maxAbsDifference(await wholeSequenceLogits(model, [ids]), expected)).toBeLessThan(1e-4);
    expect(maxAbsDifference(await wholeSequenceLogits(stepModel, [ids]), expected)).toBeLessThan(1e-4);
  });

  it('gives the same logits decoding token by token with the cache as recomputing everything', async () => {
    const full = await run(model, ids, 0);
    const prefill = await run(model, ids.slice(0, 4), 0);
    const incremental: number[] = Array.from(prefill.logits);
    let past = prefill.present;
    for (let t = 4; t < ids.length; t++) {
      const step = await run(model, [ids[t]], t, past);
      incremental.push(...step.logits);
      past = step.present;
    }
    expect(maxAbsDifference(Float32Array.from(incremental), full.logits)).toBeLessThan(1e-5);
    expect(past.keys[0].dims).toEqual([1, config.nHead, ids.length, config.nEmbd / config.nHead]);
  });
});

describe('Hugging Face interface graph batching', () => {
  const config = tinyConfig();
  let model: HuggingFaceGraphSession;
  let dir: string;
  let remove: () => void;
  beforeAll(async () => ({ model, dir, remove } = await loadTiny(config, 5)));
  afterAll(() => remove());

  it('outputs logits, present.N.key|value, then last_hidden_state, the final LayerNorm output for every position', async () => {
    const session = await ort.InferenceSession.create(modelFilePath(dir));
    const presents = range(0, config.nLayer).flatMap((layer) => [`present.${layer}.key`, `present.${layer}.value`]);
    expect(session.outputNames).toEqual(['logits', ...presents, 'last_hidden_state']);
    await session.release();
    const hidden = await model.hiddenStates({
      batch: 1,
      seq: ids.length,
      inputIds: int64(ids),
      attentionMask: int64(ids.map(() => 1)),
      positionIds: int64(range(0, ids.length)),
      logitsToKeep: 1,
    });
    expect(maxAbsDifference(hidden, referenceHiddenStates(config, randomParams(config, 5), ids))).toBeLessThan(1e-4);
  });

  it('keeps only the requested trailing positions of logits', async () => {
    const all = await run(model, ids, 0);
    const last = await model.forward({
      batch: 1,
      seq: ids.length,
      inputIds: int64(ids),
      attentionMask: int64(ids.map(() => 1)),
      positionIds: int64(range(0, ids.length)),
      logitsToKeep: 1,
    });
    const v = config.vocabSize;
    expect(Array.from(last.logits)).toEqual(Array.from(all.logits.subarray((ids.length - 1) * v)));
  });

  it('gives a left-padded row the logits it has alone', async () => {
    const short = [7, 1, 30];
    const padding = ids.length - short.length;
    const batched = await model.forward({
      batch: 2,
      seq: ids.length,
      inputIds: int64([...ids, ...range(0, padding).map(() => 0), ...short]),
      attentionMask: int64([...ids.map(() => 1), ...range(0, padding).map(() => 0), ...short.map(() => 1)]),
      positionIds: int64([...range(0, ids.length), ...range(0, padding).map(() => 1), ...range(0, short.length)]),
      logitsToKeep: 1,
    });
    const v = config.vocabSize;
    const alone = [(await run(model, ids, 0)).logits, (await run(model, short, 0)).logits];
    expect(maxAbsDifference(batched.logits.subarray(0, v), alone[0].subarray(alone[0].length - v))).toBeLessThan(1e-5);
    expect(maxAbsDifference(batched.logits.subarray(v), alone[1].subarray(alone[1].length - v))).toBeLessThan(1e-5);
  });
});
