import { Worker } from 'node:worker_threads';
import { ModelThreadError } from '../errors';
import { BatchedDecoder } from '../generation/batched-decoder';
import { SequenceRequest, TokenEvent } from '../generation/generation-options';
import { PrefixCache } from '../generation/prefix-cache';
import { temporaryDirectory } from '../testing/model-directory-fixture';
import { modelOnBothThreads } from '../testing/model-on-both-threads';
import { randomPeftAdapter } from '../testing/random-peft-adapter';
import { tinyConfig } from '../testing/tiny-model';
import { InferenceModel } from './inference-model';
import { ResidentAdapter } from './resident-adapter';

const config = tinyConfig({ contextLength: 80 });
const models = modelOnBothThreads(config, 8);

/** What the worker is running on: a crash of the thread is what terminating it looks like from here. */
const workerOf = async (model: InferenceModel) =>
  (await (model as unknown as { runner: { started: Promise<{ worker: Worker }> } }).runner.started).worker;

const request = (i: number, maxNewTokens: number): SequenceRequest => ({ prompt: [i + 1, (i * 5) % 40, 7, 3, 3, 9], maxNewTokens, temperature: 0.9, seed: i });

/**
 * Joins, removals (one while a join's prompts are prefilled, that join growing the cache's rows), a preemption and
 * long sequences (capacity growth); token ids by sequence in order of joining.
 */
async function scenario(decoder: BatchedDecoder): Promise<number[][]> {
  const tokens = new Map<number, number[]>();
  const record = (events: TokenEvent[]) => events.forEach((e) => tokens.set(e.sequenceId, [...(tokens.get(e.sequenceId) ?? []), e.token]));
  const firsts = await decoder.addSequences([request(0, 60), request(1, 8)]);
  record(firsts);
  for (let i = 0; i < 3; i++) record(await decoder.step());
  const [removed, cancelledLater] = await decoder.addSequences([request(2, 30), request(3, 40), request(4, 5), request(5, 20)]);
  record([removed]);
  record(await decoder.step());
  decoder.removeSequence(removed.sequenceId);
  const preempted = decoder.preemptSequence(firsts[0].sequenceId);
  record(await decoder.step());
  const [resumed] = await decoder.addSequences([preempted]);
  tokens.set(resumed.sequenceId, [...(tokens.get(firsts[0].sequenceId) as number[]), resumed.token]);
  tokens.delete(firsts[0].sequenceId);
  record(await decoder.step());
  const joining = decoder.addSequences([6, 7, 8, 9, 10, 11].map((i) => request(i, 12)));
  // Let the prefill reach its session run, then remove a row before the new ones.
  for (let i = 0; i < 5; i++) await Promise.resolve();
  decoder.removeSequence(cancelledLater.sequenceId);
  record(await joining);
  while (decoder.activeCount > 0) record(await decoder.step());
  return [...tokens.values()].sort((a, b) => a[0] - b[0] || a.length - b.length);
}

describe('InferenceModel on a worker thread (SessionThread)', () => {
  it('gives a BatchedDecoder exactly what the session on this thread gives', async () => {
    const prefixCache = () => new PrefixCache(models.local.shape, { blockTokens: 4, budgetBytes: 1 << 20 });
    expect(await scenario(new BatchedDecoder(models.threaded, { prefixCache: prefixCache() }))).toEqual(
      await scenario(new BatchedDecoder(models.local, { prefixCache: prefixCache() })),
    );
  });

  it("sends LoRA inputs only when the batch's adapters change, each run computing with its own rows' adapters", async () => {
    const modules = ['attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj'];
    const peft = [randomPeftAdapter(config, { r: 4, alpha: 8, modules, seed: 1 }), randomPeftAdapter(config, { r: 2, alpha: 16, modules: modules.slice(0, 2), seed: 2 })];
    /** Base and adapter rows joining and leaving; per sequence, its tokens. */
    const run = async (model: InferenceModel) => {
      const [first, second] = await Promise.all(peft.map((adapter) => model.loadAdapter(adapter)));
      const withAdapter = (i: number, maxNewTokens: number, adapter?: ResidentAdapter) => ({ ...request(i, maxNewTokens), adapter });
      const decoder = new BatchedDecoder(model);
      const tokens = new Map<number, number[]>();
      const record = (events: TokenEvent[]) => events.forEach((e) => tokens.set(e.sequenceId, [...(tokens.get(e.sequenceId) ?? []), e.token]));
      record(await decoder.addSequences([withAdapter(0, 12, first), withAdapter(1, 4)]));
      for (let i = 0; i < 6; i++) record(await decoder.step());
      record(await decoder.addSequences([withAdapter(2, 5, second)]));
      while (decoder.activeCount > 0) record(await decoder.step());
      return [...tokens.values()];
    };
    const worker = await workerOf(models.threaded);
    const posted = jest.spyOn(worker, 'postMessage');
    try {
      expect(await run(models.threaded)).toEqual(await run(models.local));
      const runs = posted.mock.calls.map(([message]) => message as { kind: string; lora?: object }).filter((message) => message.kind === 'run');
      const withLora = runs.filter((message) => message.lora !== undefined).length;
      // 13 runs in 5 batches of rows' adapters, each batch's first run carrying its LoRA inputs: the prefill and 3 steps
      // of [first, base] (base's 4 tokens), 3 steps of [first], the prefill of [second], 4 steps of [first, second]
      // (second's 5 tokens), the last step of [first] (its 12th token).
      expect(runs).toHaveLength(13);
      expect(withLora).toBe(5);
    } finally {
      posted.mockRestore();
    }
  });

  it("posts an idle decoder's step to the thread before step() returns, and a step queued behind it once that one is done", async () => {
    const decoder = new BatchedDecoder(models.threaded);
    await decoder.addSequences([request(0, 4)]);
    const posted = jest.spyOn(await workerOf(models.threaded), 'postMessage');
    try {
      // The scheduler hands out a step's tokens right after asking for the next: that run must already be computing.
      const first = decoder.step();
      expect(posted).toHaveBeenCalledTimes(1);
      const second = decoder.step();
      expect(posted).toHaveBeenCalledTimes(1);
      await first;
      await second;
      expect(posted).toHaveBeenCalledTimes(2);
    } finally {
      posted.mockRestore();
    }
  });

  it('fails a decoder whose thread died with ModelThreadError (its cache went with it), and runs new ones on a new thread', async () => {
    const decoder = new BatchedDecoder(models.threaded);
    await decoder.addSequences([{ prompt: [1, 2], maxNewTokens: 50 }]);
    await decoder.step();
    await (await workerOf(models.threaded)).terminate();
    await expect(decoder.step()).rejects.toThrow(ModelThreadError);
    expect(await scenario(new BatchedDecoder(models.threaded))).toEqual(await scenario(new BatchedDecoder(models.local)));
  });

  it('refuses a directory it cannot open, and runs once closed', async () => {
    const empty = temporaryDirectory();
    try {
      await expect(InferenceModel.load(empty.dir, { thread: 'worker' })).rejects.toThrow(/config\.json/);
    } finally {
      empty.remove();
    }
    const closing = await InferenceModel.load(models.dir, { thread: 'worker' });
    await closing.close();
    await expect(new BatchedDecoder(closing).addSequences([{ prompt: [1], maxNewTokens: 2 }])).rejects.toThrow(/closed/);
  });
});
