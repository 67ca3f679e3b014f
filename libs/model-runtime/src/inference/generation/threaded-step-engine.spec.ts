import { Worker } from 'node:worker_threads';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { BatchedDecoder } from './batched-decoder';
import { TokenEvent } from './generation-options';
import { StepWorkerError, ThreadedStepEngine } from './threaded-step-engine';

const config = tinyConfig({ contextLength: 80 });
const fixture = temporaryDirectory();
let engine: ThreadedStepEngine;
let local: InferenceModel;

beforeAll(async () => {
  exportTestModel(fixture.dir, config, randomParams(config, 8));
  engine = await ThreadedStepEngine.start(fixture.dir);
  local = await InferenceModel.load(fixture.dir);
});
afterAll(async () => {
  await engine.close();
  await sessionCache.clear();
  fixture.remove();
});

/** Joins, a removal and long sequences (capacity growth), token ids by sequence in order of joining. */
async function scenario(decoder: BatchedDecoder): Promise<number[][]> {
  const tokens = new Map<number, number[]>();
  const record = (events: TokenEvent[]) => events.forEach((e) => tokens.set(e.sequenceId, [...(tokens.get(e.sequenceId) ?? []), e.token]));
  const request = (i: number, maxNewTokens: number) => ({ prompt: [i + 1, (i * 5) % 40, 7], maxNewTokens, temperature: 0.9, seed: i });
  record(await decoder.addSequences([request(0, 60), request(1, 8)]));
  for (let i = 0; i < 3; i++) record(await decoder.step());
  const [removed] = await decoder.addSequences([request(2, 30), request(3, 40), request(4, 5), request(5, 20)]);
  record([removed]);
  record(await decoder.step());
  decoder.removeSequence(removed.sequenceId);
  while (decoder.activeCount > 0) record(await decoder.step());
  return [...tokens.values()];
}

describe('ThreadedStepEngine', () => {
  it('gives a BatchedDecoder on the worker exactly what it gives on this thread', async () => {
    const threaded = new BatchedDecoder(engine);
    expect(await scenario(threaded)).toEqual(await scenario(new BatchedDecoder(local)));
    threaded.close();
  });

  it('fails the run in flight when its worker dies, and starts a new worker for the next decoder', async () => {
    const decoder = new BatchedDecoder(engine);
    await decoder.addSequences([{ prompt: [1, 2], maxNewTokens: 50 }]);
    const step = decoder.step();
    // What a crash of the worker thread looks like from here.
    await (engine as unknown as { worker: Worker }).worker.terminate();
    await expect(step).rejects.toThrow(StepWorkerError);
    const fresh = new BatchedDecoder(engine);
    expect(await scenario(fresh)).toEqual(await scenario(new BatchedDecoder(local)));
  });

  it('refuses a directory it cannot load, and calls once closed', async () => {
    const empty = temporaryDirectory();
    try {
      await expect(ThreadedStepEngine.start(empty.dir)).rejects.toThrow(/config\.json/);
    } finally {
      empty.remove();
    }
    const closing = await ThreadedStepEngine.start(fixture.dir);
    await closing.close();
    await expect(new BatchedDecoder(closing).addSequences([{ prompt: [1], maxNewTokens: 2 }])).rejects.toThrow(/closed/);
  });
});
