import { Worker } from 'node:worker_threads';
import { ModelThreadError } from '../errors';
import { BatchedDecoder } from '../generation/batched-decoder';
import { SequenceRequest, TokenEvent } from '../generation/generation-options';
import { PrefixCache } from '../generation/prefix-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { InferenceModel } from './inference-model';
import { sessionCache } from './session-cache';

const config = tinyConfig({ contextLength: 80 });
const fixture = temporaryDirectory();
let threaded: InferenceModel;
let local: InferenceModel;

beforeAll(async () => {
  exportTestModel(fixture.dir, config, randomParams(config, 8));
  threaded = await InferenceModel.load(fixture.dir, { thread: 'worker' });
  local = await InferenceModel.load(fixture.dir);
});
afterAll(async () => {
  await threaded.close();
  await sessionCache.clear();
  fixture.remove();
});

/** What the worker is running on: a crash of the thread is what terminating it looks like from here. */
const workerOf = async (model: InferenceModel) =>
  (await (model as unknown as { runner: { started: Promise<{ worker: Worker }> } }).runner.started).worker;

const request = (i: number, maxNewTokens: number): SequenceRequest => ({ prompt: [i + 1, (i * 5) % 40, 7, 3, 3, 9], maxNewTokens, temperature: 0.9, seed: i });

/** Joins, a removal, a preemption and long sequences (capacity growth); token ids by sequence in order of joining. */
async function scenario(decoder: BatchedDecoder): Promise<number[][]> {
  const tokens = new Map<number, number[]>();
  const record = (events: TokenEvent[]) => events.forEach((e) => tokens.set(e.sequenceId, [...(tokens.get(e.sequenceId) ?? []), e.token]));
  const firsts = await decoder.addSequences([request(0, 60), request(1, 8)]);
  record(firsts);
  for (let i = 0; i < 3; i++) record(await decoder.step());
  const [removed] = await decoder.addSequences([request(2, 30), request(3, 40), request(4, 5), request(5, 20)]);
  record([removed]);
  record(await decoder.step());
  decoder.removeSequence(removed.sequenceId);
  const preempted = decoder.preemptSequence(firsts[0].sequenceId);
  record(await decoder.step());
  const [resumed] = await decoder.addSequences([preempted]);
  tokens.set(resumed.sequenceId, [...(tokens.get(firsts[0].sequenceId) as number[]), resumed.token]);
  tokens.delete(firsts[0].sequenceId);
  while (decoder.activeCount > 0) record(await decoder.step());
  return [...tokens.values()].sort((a, b) => a[0] - b[0] || a.length - b.length);
}

describe('InferenceModel on a worker thread (SessionThread)', () => {
  it('gives a BatchedDecoder exactly what the session on this thread gives', async () => {
    const prefixCache = () => new PrefixCache(local.shape, { blockTokens: 4, budgetBytes: 1 << 20 });
    expect(await scenario(new BatchedDecoder(threaded, { prefixCache: prefixCache() }))).toEqual(
      await scenario(new BatchedDecoder(local, { prefixCache: prefixCache() })),
    );
  });

  it('fails a decoder whose thread died with ModelThreadError (its cache went with it), and runs new ones on a new thread', async () => {
    const decoder = new BatchedDecoder(threaded);
    await decoder.addSequences([{ prompt: [1, 2], maxNewTokens: 50 }]);
    await decoder.step();
    await (await workerOf(threaded)).terminate();
    await expect(decoder.step()).rejects.toThrow(ModelThreadError);
    expect(await scenario(new BatchedDecoder(threaded))).toEqual(await scenario(new BatchedDecoder(local)));
  });

  it('refuses a directory it cannot open, and runs once closed', async () => {
    const empty = temporaryDirectory();
    try {
      await expect(InferenceModel.load(empty.dir, { thread: 'worker' })).rejects.toThrow(/config\.json/);
    } finally {
      empty.remove();
    }
    const closing = await InferenceModel.load(fixture.dir, { thread: 'worker' });
    await closing.close();
    await expect(new BatchedDecoder(closing).addSequences([{ prompt: [1], maxNewTokens: 2 }])).rejects.toThrow(/closed/);
  });
});
