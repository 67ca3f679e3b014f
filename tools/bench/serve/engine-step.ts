import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BatchedDecoder, generate, InferenceModel, sessionCache } from '@llmchain/model-runtime';
import { servingConfigSchema } from '../../../apps/serving-service/src/config/serving-config';
import { BatchScheduler } from '../../../apps/serving-service/src/engine/batch-scheduler';
import { median, nowMs } from '../generate/timing';

export interface EngineStepOptions {
  writeModel: (dir: string) => void;
  prompt: (i: number) => number[];
  eos: number;
  newTokens: number;
  rounds: number;
}

/**
 * In-process time per token at one stream, no HTTP: serving's BatchScheduler over a model on its worker thread
 * (MODEL_THREAD=worker) against the runtime's own generate() on this thread and on a worker thread, in the same
 * process, round by round, so outside load hits all three alike. What separates the scheduler from generate() on
 * this thread is the engine's own cost per step (the thread hop, the scheduler); the rest of bench:serve's one-stream
 * overhead is HTTP, SSE and metering.
 */
export async function engineStepBench({ writeModel, prompt, eos, newTokens, rounds }: EngineStepOptions): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'engine-step-'));
  writeModel(dir);
  const here = await InferenceModel.load(dir);
  const threaded = await InferenceModel.load(dir, { thread: 'worker' });
  const scheduler = new BatchScheduler(() => new BatchedDecoder(threaded), {
    maxBatchSize: 64,
    maxQueuedRequests: 256,
    maxQueuedTokens: 1_000_000,
    prefillTokensPerStep: 512,
    joinEverySteps: 4,
    // As the service runs it: RUN_AHEAD_STEPS from the environment, or the service's default.
    runAheadSteps: servingConfigSchema.shape.RUN_AHEAD_STEPS.parse(process.env.RUN_AHEAD_STEPS),
  });
  const share = { tenantId: 'bench', weight: 1, maxSequences: 64 };
  const scheduled = (ids: number[]) =>
    new Promise<number>((resolve, reject) => {
      const start = nowMs();
      let tokens = 0;
      scheduler.submit(
        { prompt: ids, maxNewTokens: newTokens, eosTokenIds: [eos] },
        { onToken: (event) => (++tokens, event.finishReason && resolve((nowMs() - start) / tokens)), onError: reject },
        share,
      );
    });
  const generated = async (model: InferenceModel, ids: number[]) => {
    const start = nowMs();
    const { tokens } = await generate(model, ids, { maxNewTokens: newTokens, eosTokenIds: [eos] });
    return (nowMs() - start) / tokens.length;
  };
  const ms = { runtime: [] as number[], runtimeThread: [] as number[], scheduler: [] as number[] };
  try {
    // Round 0 warms all three up and is not counted.
    for (let r = 0; r <= rounds; r++) {
      const times = { runtime: await generated(here, prompt(r)), runtimeThread: await generated(threaded, prompt(r)), scheduler: await scheduled(prompt(r)) };
      if (r > 0) for (const [name, value] of Object.entries(times)) ms[name as keyof typeof ms].push(value);
    }
  } finally {
    await threaded.close();
    await sessionCache.clear();
    rmSync(dir, { recursive: true, force: true });
  }
  const perToken = Object.fromEntries(Object.entries(ms).map(([name, values]) => [name, Number(median(values).toFixed(3))])) as Record<keyof typeof ms, number>;
  console.log(`engine step, one stream, ${newTokens} new tokens, ${rounds} rounds: ms per token (median)`);
  console.log(`  runtime generate() on this thread ${perToken.runtime} | on a worker thread ${perToken.runtimeThread} | serving's scheduler on a worker thread ${perToken.scheduler}`);
  console.log(
    JSON.stringify({
      bench: 'serve_engine_step',
      ms_per_token: perToken,
      scheduler_overhead_pct: Number(((perToken.scheduler / perToken.runtime - 1) * 100).toFixed(1)),
      loadavg_1m: [Number(loadBefore.toFixed(1)), Number(os.loadavg()[0].toFixed(1))],
    }),
  );
}
