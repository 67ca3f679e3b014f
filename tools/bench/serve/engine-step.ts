import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BatchedDecoder, generate, InferenceModel, sessionCache } from '@llmchain/model-runtime';
import { servingConfigSchema } from '../../../apps/serving-service/src/config/serving-config';
import { BatchScheduler } from '../../../apps/serving-service/src/engine/batch-scheduler';
import { median, nowMs } from '../generate/timing';

/** Distinct prompts the streams cycle through (the corpus holds more; the bench's prompt(i) reads i × 97 onward). */
const PROMPTS = 500;
/** Rows of the model-only ceiling's decode steps: bench:serve's 16-stream level. */
const ROWS = 16;

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
 *
 * Then the scheduler's aggregate rate at 1 and 16 closed-loop streams (each sends its next prompt when its answer
 * ends, as bench:serve's clients do), interleaved round by round: the 16 / 1 ratio the engine reaches with no HTTP,
 * the ceiling of bench:serve's; and what the model alone allows at 16 streams (modelCeiling), the engine's ceiling.
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
  /** One request through the scheduler: its tokens, and ms per token. */
  const answered = (ids: number[]) =>
    new Promise<{ tokens: number; msPerToken: number }>((resolve, reject) => {
      const start = nowMs();
      let tokens = 0;
      scheduler.submit(
        { prompt: ids, maxNewTokens: newTokens, eosTokenIds: [eos] },
        { onToken: (event) => (++tokens, event.finishReason && resolve({ tokens, msPerToken: (nowMs() - start) / tokens })), onError: reject },
        share,
      );
    });
  const scheduled = async (ids: number[]) => (await answered(ids)).msPerToken;
  /** Aggregate tokens/s of `streams` closed-loop streams sending `requests` requests each. */
  const streamsRate = async (streams: number, requests: number, round: number) => {
    let tokens = 0;
    const start = nowMs();
    await Promise.all(
      Array.from({ length: streams }, async (_, s) => {
        for (let i = 0; i < requests; i++) {
          // Not `tokens += await …`: that reads `tokens` before the await and loses the other streams' additions.
          const answer = await answered(prompt((round * 101 + s * 7 + i) % PROMPTS));
          tokens += answer.tokens;
        }
      }),
    );
    return (tokens * 1000) / (nowMs() - start);
  };
  const generated = async (model: InferenceModel, ids: number[]) => {
    const start = nowMs();
    const { tokens } = await generate(model, ids, { maxNewTokens: newTokens, eosTokenIds: [eos] });
    return (nowMs() - start) / tokens.length;
  };
  const ms = { runtime: [] as number[], runtimeThread: [] as number[], scheduler: [] as number[] };
  const rates = { one: [] as number[], sixteen: [] as number[], ratio: [] as number[] };
  let ceiling: Awaited<ReturnType<typeof modelCeiling>> | undefined;
  try {
    // Round 0 warms all three up and is not counted.
    for (let r = 0; r <= rounds; r++) {
      const times = { runtime: await generated(here, prompt(r)), runtimeThread: await generated(threaded, prompt(r)), scheduler: await scheduled(prompt(r)) };
      if (r > 0) for (const [name, value] of Object.entries(times)) ms[name as keyof typeof ms].push(value);
    }
    for (let r = 0; r <= rounds; r++) {
      const [one, sixteen] = [await streamsRate(1, 16, r), await streamsRate(16, 4, r)];
      if (r === 0) continue;
      rates.one.push(one);
      rates.sixteen.push(sixteen);
      rates.ratio.push(sixteen / one);
    }
    ceiling = await modelCeiling(here, prompt, newTokens, rounds);
  } finally {
    await threaded.close();
    await sessionCache.clear();
    rmSync(dir, { recursive: true, force: true });
  }
  const perToken = Object.fromEntries(Object.entries(ms).map(([name, values]) => [name, Number(median(values).toFixed(3))])) as Record<keyof typeof ms, number>;
  console.log(`engine step, one stream, ${newTokens} new tokens, ${rounds} rounds: ms per token (median)`);
  console.log(`  runtime generate() on this thread ${perToken.runtime} | on a worker thread ${perToken.runtimeThread} | serving's scheduler on a worker thread ${perToken.scheduler}`);
  const rate = Object.fromEntries(Object.entries(rates).map(([name, values]) => [name, Number(median(values).toFixed(name === 'ratio' ? 2 : 1))]));
  console.log(`  the scheduler alone, closed-loop streams (median of rounds): 1 stream ${rate.one} tok/s | 16 streams ${rate.sixteen} tok/s | 16 / 1 ${rate.ratio}x`);
  const { prefillMs, stepMs, tokS } = ceiling as NonNullable<typeof ceiling>;
  const ceilingRatio = tokS / (1000 / perToken.runtime);
  // The scheduler's own 16 / 1 cannot pass this: its 16 streams are bounded by the model, its one stream is measured.
  const ceilingOverScheduler = tokS / rate.one;
  console.log(
    `  the model alone at ${ROWS} streams: a prompt's prefill ${prefillMs.toFixed(2)} ms, a ${ROWS}-row decode step ${stepMs.toFixed(2)} ms ` +
      `-> at most ${tokS.toFixed(0)} tok/s, ${ceilingRatio.toFixed(2)}x the runtime's one stream, ${ceilingOverScheduler.toFixed(2)}x the scheduler's`,
  );
  console.log(
    JSON.stringify({
      bench: 'serve_engine_step',
      ms_per_token: perToken,
      scheduler_overhead_pct: Number(((perToken.scheduler / perToken.runtime - 1) * 100).toFixed(1)),
      agg_tok_s: { 1: rate.one, 16: rate.sixteen },
      ratio_16_1: rate.ratio,
      model_ceiling: { prefill_ms: Number(prefillMs.toFixed(2)), step_ms: Number(stepMs.toFixed(2)), tok_s: Math.round(tokS), ratio_16_1: Number(ceilingRatio.toFixed(2)), over_scheduler_1: Number(ceilingOverScheduler.toFixed(2)) },
      loadavg_1m: [Number(loadBefore.toFixed(1)), Number(os.loadavg()[0].toFixed(1))],
    }),
  );
}

/**
 * What the model alone allows at ROWS closed-loop streams: each request costs its prompt's prefill (alone, as a
 * request that joins) and `newTokens` rows of decode steps at ROWS rows, the model's thread never idle and nothing
 * else on the machine. Timed on `model` directly (medians), no scheduler.
 */
async function modelCeiling(model: InferenceModel, prompt: (i: number) => number[], newTokens: number, rounds: number) {
  const request = (i: number) => ({ prompt: prompt(i), maxNewTokens: newTokens + 1, eosTokenIds: [] });
  const prefillMs: number[] = [];
  const stepMs: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const decoder = new BatchedDecoder(model);
    try {
      let start = nowMs();
      await decoder.addSequences([request(r)]);
      if (r > 0) prefillMs.push(nowMs() - start);
      await decoder.addSequences(Array.from({ length: ROWS - 1 }, (_, i) => request(r * ROWS + i + 1)));
      for (let step = 0; step < newTokens; step++) {
        start = nowMs();
        await decoder.step();
        if (r > 0) stepMs.push(nowMs() - start);
      }
    } finally {
      decoder.close();
    }
  }
  const [prefill, step] = [median(prefillMs), median(stepMs)];
  return { prefillMs: prefill, stepMs: step, tokS: (newTokens * 1000) / (prefill + (newTokens * step) / ROWS) };
}
