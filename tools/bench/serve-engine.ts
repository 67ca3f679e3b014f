/**
 * In-process profile of serving's engine (no HTTP): the runtime's BatchedDecoder step cost by batch size, and the
 * service's BatchScheduler with 1 and 16 streams arriving together or a few milliseconds apart.
 *
 *   node -r @swc-node/register tools/bench/serve-engine.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BatchedDecoder, exportModelDirectory, InferenceModel, initParams, sessionCache, TokenEvent } from '@llmchain/model-runtime';
import { BatchScheduler } from '../../apps/serving-service/src/engine/batch-scheduler';
import { benchConfig } from './generate/bench-model';
import { median, nowMs } from './generate/timing';

const VOCAB = 1024;
const PROMPT = 32;
const NEW_TOKENS = Number(process.env.NEW_TOKENS ?? 64);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const promptAt = (i: number) => Array.from({ length: PROMPT }, (_, t) => (i * 97 + t * 13) % (VOCAB - 1));

async function stepCost(model: InferenceModel, batch: number): Promise<number> {
  const decoder = new BatchedDecoder(model);
  await decoder.addSequences(Array.from({ length: batch }, (_, i) => ({ prompt: promptAt(i), maxNewTokens: 200 })));
  for (let i = 0; i < 5; i++) await decoder.step();
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const start = nowMs();
    await decoder.step();
    times.push(nowMs() - start);
  }
  return median(times);
}

let lastCpuPerToken = 0;
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function schedulerRun(model: InferenceModel, streams: number, gapMs: number): Promise<number> {
  const scheduler = new BatchScheduler(() => new BatchedDecoder(model), {
    maxBatchSize: 64,
    maxQueuedRequests: 256,
    maxQueuedTokens: 262_144,
    prefillTokensPerStep: 512,
    joinEverySteps: Number(process.env.JOIN_EVERY_STEPS ?? 4),
  });
  const start = nowMs();
  const startCpu = cpuMs();
  let tokens = 0;
  const done: Promise<void>[] = [];
  for (let i = 0; i < streams; i++) {
    done.push(
      new Promise<void>((resolve, reject) =>
        scheduler.submit(
          { prompt: promptAt(i), maxNewTokens: NEW_TOKENS },
          {
            onToken: (event: TokenEvent) => {
              tokens++;
              if (event.finishReason) resolve();
            },
            onError: reject,
          },
        ),
      ),
    );
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  await Promise.all(done);
  lastCpuPerToken = (cpuMs() - startCpu) / tokens;
  return tokens / ((nowMs() - start) / 1000);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'serve-engine-'));
  const config = benchConfig(VOCAB);
  exportModelDirectory(dir, { config, params: initParams(config, 1234), tokens: { bosTokenId: VOCAB - 1, eosTokenId: VOCAB - 1 } });
  try {
    const model = await InferenceModel.load(dir);
    const steps: Record<number, number> = {};
    for (const batch of [1, 4, 16, 64]) steps[batch] = await stepCost(model, batch);
    console.log('decode step ms by batch:', JSON.stringify(Object.fromEntries(Object.entries(steps).map(([b, ms]) => [b, Number(ms.toFixed(2))]))));
    console.log('step ceiling 16 vs 1:', ((16 * steps[1]) / steps[16]).toFixed(2) + 'x');
    await schedulerRun(model, 16, 0);
    for (const gap of [0, 2]) {
      const one: number[] = [];
      const sixteen: number[] = [];
      const oneCpu: number[] = [];
      const sixteenCpu: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        one.push(await schedulerRun(model, 1, 0));
        oneCpu.push(lastCpuPerToken);
        sixteen.push(await schedulerRun(model, 16, gap));
        sixteenCpu.push(lastCpuPerToken);
      }
      console.log(
        `arrivals ${gap} ms apart: 1 stream ${median(one).toFixed(0)} tok/s (${median(oneCpu).toFixed(3)} CPU ms/token), ` +
          `16 streams ${median(sixteen).toFixed(0)} tok/s (${median(sixteenCpu).toFixed(3)} CPU ms/token), ${(median(sixteen) / median(one)).toFixed(2)}x, ` +
          `CPU per token 1 / 16: ${(median(oneCpu) / median(sixteenCpu)).toFixed(2)}x`,
      );
    }
  } finally {
    await sessionCache.clear();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
