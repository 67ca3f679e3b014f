/**
 * Serving benchmark: serving-service in its own process on loopback (fresh database, Kafka namespace), loaded with
 * 1, 4, 16 and 64 concurrent streaming /v1/completions requests, against the runtime's own batch-1 speed on the
 * same model measured in this process in the same run (alternating with one-stream requests).
 *
 *   [MODEL_THREAD=this|worker] [RUN_AHEAD_STEPS=n] npm run bench:serve [-- --quick] [--shared-prefix] [--levels-only] [--levels 1,4,16] [--burst [--streams N]] [--engine-step] [--cpu-prof <dir> [--streams N]] [--corpus <file>]
 *
 * `--burst` runs only bursts of 16 simultaneous requests (`--streams N`: N) after the service sat idle past its caches'
 * second (serve/burst.ts).
 * `--engine-step` runs only the in-process comparisons (serve/engine-step.ts, no HTTP), which outside load disturbs
 * less than the HTTP levels: serving's scheduler against the runtime's generate() at one stream, the scheduler's 16 /
 * 1 streams ratio, and the most the model alone allows at 16 streams.
 * `--cpu-prof <dir>` runs only one-stream requests (`--streams N`: N concurrent streams) against a service under
 * `node --cpu-prof` (serve/cpu-profile.ts), writes its profile into <dir> and prints its main thread's top functions by self time while they ran.
 *
 * Then the shared-system-prompt workload (serve/shared-prefix.ts): the prefix cache on against off, in one run;
 * `--shared-prefix` runs only that, `--levels-only` skips it.
 *
 * The levels are interleaved: each round runs one wave of every level, so load from other processes on a shared
 * machine hits all levels alike, and each ratio to 1 stream is also taken within a round (median over rounds). Each
 * wave starts once the service is quiet again, so what the previous one left behind is not counted against it.
 * Beside wall-clock rates it reports the service's own CPU time per completion token (its threads' time on the CPU
 * around each wave, from /proc), which outside load disturbs much less, and the load generator's (this process's).
 *
 * Prints a table, then the line
 * {"bench":"serve","ttft_p50_ms":…,"ttft_p99_ms":…,"agg_tok_s":{"1":…,…},"ratio_16_1":…,"cpu_ms_per_token":{"1":…,…},"client_cpu_ms_per_token":{"1":…,…},"runtime_b1_tok_s":…,"overhead_pct":…,
 *  "ttft_1_stream_p50_ms":…,"runtime_prefill_p50_ms":…,"ttft_vs_prefill_pct":…,"transport_p50_ms":…,"transport_floor_vs_prefill_pct":…}
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { BatchedDecoder, exportModelDirectory, generate, InferenceModel, initParams, sessionCache, tokenizerFilesOf } from '@llmchain/model-runtime';
import { trainBpe } from '@llmchain/tokenizer';
import { waitUntil } from '@llmchain/testing';
import { ServingHarness } from '../../tests/serving/serving-harness';
import { benchConfig } from './generate/bench-model';
import { median, nowMs, percentile } from './generate/timing';
import { burstBench } from './serve/burst';
import { cpuProfileBench } from './serve/cpu-profile';
import { engineStepBench } from './serve/engine-step';
import { serviceCpuSeconds } from './serve/service-cpu';
import { sharedPrefixBench } from './serve/shared-prefix';
import { StreamTiming, streamOnce as streamServed } from './serve/stream-once';
import { TransportFloorServer } from './serve/transport-floor';

const quick = process.argv.includes('--quick');
/** Only the shared-system-prompt workload (prefix cache on against off). */
const sharedPrefixOnly = process.argv.includes('--shared-prefix');
/** Only the concurrency levels, not the shared-system-prompt workload after them. */
const levelsOnly = process.argv.includes('--levels-only');
/** Only a tenant's bursts after an idle spell (serve/burst.ts). */
const burstOnly = process.argv.includes('--burst');
/** Only the in-process step times (serve/engine-step.ts). */
const engineStepOnly = process.argv.includes('--engine-step');
/** Only a CPU profile of the service at one stream (`--streams N`: N concurrent), written into this directory (serve/cpu-profile.ts). */
const cpuProfileFlag = process.argv.indexOf('--cpu-prof');
const cpuProfileDir = cpuProfileFlag > 0 ? path.resolve(process.argv[cpuProfileFlag + 1]) : undefined;
const flagValue = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const settings = quick ? { newTokens: 16, rounds: 2, runtimeRounds: 3 } : { newTokens: 64, rounds: 5, runtimeRounds: 24 };
/** The concurrency levels (`--levels 1,16`: a subset; 1 is always run, every ratio is taken against it). */
const CONCURRENCY = [...new Set([1, ...(flagValue('--levels') ?? '1,4,16,64').split(',').map(Number)])];
if (CONCURRENCY.some((streams) => !Number.isInteger(streams) || streams < 1)) throw new Error('--levels takes positive integers: --levels 1,4,16');
/** Requests per wave at the levels below it. */
const WAVE_REQUESTS = 16;
/**
 * Requests each stream sends one after another in a wave, at least: with one each, 16 streams were one burst of 16
 * simultaneous requests, and the wave measured its ramp (the last prompts admitted, a lone first prefill) more than
 * 16 streams running (TTFT p50 about 100 ms of a 640 ms wave).
 */
const MIN_REQUESTS_PER_STREAM = 4;
const PROMPT_LENGTH = 32;
const MODEL = 'bench-gpt';
/** Where the service runs the model (its MODEL_THREAD): the engines compare within one machine's load. */
const modelThread = process.env.MODEL_THREAD ?? 'worker';
/** The service's RUN_AHEAD_STEPS when set here (its default otherwise), to compare within one machine's load. */
const runAheadSteps = process.env.RUN_AHEAD_STEPS;

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** One streamed completion of the bench's model and token count. */
const streamOnce = (baseUrl: string, key: string, prompt: number[]) => streamServed(baseUrl, key, MODEL, prompt, settings.newTokens);

/**
 * Waits until the service has gone quiet (under 5 ms of CPU in 100 ms): what a wave leaves behind (metering,
 * publishing its usage events, garbage collection) must not be counted against the next.
 */
async function waitQuiet(pid: number): Promise<void> {
  let before = serviceCpuSeconds(pid);
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = serviceCpuSeconds(pid);
    if (now - before < 0.005) return;
    before = now;
  }
}

/** The served process: its address, and its id for reading its CPU time. */
interface ServiceUnderTest {
  baseUrl: string;
  pid: number;
}

interface Wave {
  aggregate: number;
  cpuMsPerToken: number;
  /** This process's CPU (the load generator's clients) per token. */
  clientCpuMsPerToken: number;
  timings: StreamTiming[];
}

/**
 * `streams` clients at once, each sending `requests` streamed completions one after another: every level below 16
 * streams runs at least 16 requests in all, so short waves do not add noise, and every level at least four per stream.
 */
async function wave({ baseUrl, pid }: ServiceUnderTest, key: string, streams: number, prompt: () => number[]): Promise<Wave> {
  const requests = Math.max(MIN_REQUESTS_PER_STREAM, Math.floor(WAVE_REQUESTS / streams));
  await waitQuiet(pid);
  const cpuBefore = serviceCpuSeconds(pid);
  const clientCpuBefore = process.cpuUsage();
  const start = nowMs();
  const client = async () => {
    const timings: StreamTiming[] = [];
    for (let i = 0; i < requests; i++) timings.push(await streamOnce(baseUrl, key, prompt()));
    return timings;
  };
  const timings = (await Promise.all(Array.from({ length: streams }, client))).flat();
  const seconds = (nowMs() - start) / 1000;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const cpu = serviceCpuSeconds(pid) - cpuBefore;
  const tokens = timings.reduce((sum, t) => sum + t.completionTokens, 0);
  return {
    aggregate: tokens / seconds,
    cpuMsPerToken: (cpu * 1000) / tokens,
    clientCpuMsPerToken: (clientCpu.user + clientCpu.system) / 1000 / tokens,
    timings,
  };
}

/**
 * TTFT of the same streamed request answered by a bare node:http server in another process, while the service is
 * idle: what HTTP on loopback costs before any serving work. Warmed up first, as the service was.
 */
async function transportFloor(key: string, prompt: (i: number) => number[]): Promise<number[]> {
  const bare = await TransportFloorServer.start();
  try {
    const timings: number[] = [];
    for (let i = 0; i < 400; i++) {
      const { ttftMs } = await streamOnce(bare.baseUrl, key, prompt(i));
      if (i >= 200) timings.push(ttftMs);
    }
    return timings;
  } finally {
    await bare.stop();
  }
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const corpusFlag = process.argv.indexOf('--corpus');
  const corpusPath = corpusFlag > 0 ? process.argv[corpusFlag + 1] : path.resolve(__dirname, '../../../shared/corpora/tinyshakespeare.txt');
  const corpus = readFileSync(corpusPath, 'utf8').slice(0, 200_000);
  const tokenizer = await trainBpe([corpus], { vocabSize: 1024, minFrequency: 2 });
  const ids = tokenizer.encode(corpus, { allowedSpecial: 'none' });
  const promptAt = (i: number) => ids.slice(i * 97, i * 97 + PROMPT_LENGTH);
  const config = benchConfig(tokenizer.vocabSize);
  const eos = tokenizer.eosTokenId as number;

  const writeModel = (dir: string) =>
    exportModelDirectory(dir, { config, params: initParams(config, 1234), tokens: { bosTokenId: eos, eosTokenId: eos }, tokenizer: tokenizerFilesOf(tokenizer) });
  const sharedPrefix = () => sharedPrefixBench({ writeModel, ids, newTokens: quick ? 16 : 32, rounds: quick ? 1 : 5 });
  if (sharedPrefixOnly) return sharedPrefix();
  if (engineStepOnly) return engineStepBench({ writeModel, prompt: promptAt, eos, newTokens: settings.newTokens, rounds: quick ? 4 : 12 });
  if (cpuProfileDir) {
    const streams = Number(flagValue('--streams') ?? 1);
    return cpuProfileBench({ writeModel, prompt: promptAt, newTokens: 64, requests: (quick ? 40 : 150) * Math.ceil(streams / 4), streams, dir: cpuProfileDir, top: 25 });
  }

  const harness = new ServingHarness();
  const artifactKey = `bench/${randomUUID()}`;
  writeModel(path.join(harness.modelsDir, artifactKey));
  try {
    await harness.start({
      DEFAULT_REQUESTS_PER_MINUTE: '1000000',
      DEFAULT_TOKENS_PER_MINUTE: '1000000000',
      LOG_LEVEL: 'warn',
      MODEL_THREAD: modelThread,
      ...(runAheadSteps ? { RUN_AHEAD_STEPS: runAheadSteps } : {}),
    });
    const tenant = await harness.issueKey();
    await harness.announceModel(tenant.tenantId, MODEL, artifactKey);
    const base = harness.serving.baseUrl;
    const service = { baseUrl: base, pid: harness.serving.pid as number };
    await waitUntil(
      () => streamOnce(base, tenant.key, promptAt(0)).then(() => true, () => false),
      (ok) => ok,
      { timeoutMs: 120_000, what: 'the model to answer' },
    );
    // Warm-up: the service's first requests pay for lazy module loading, JIT and connection pools.
    for (const streams of CONCURRENCY) {
      await Promise.all(Array.from({ length: streams }, (_, i) => streamOnce(base, tenant.key, promptAt(i))));
    }
    if (burstOnly) return await burstBench((i) => streamOnce(base, tenant.key, promptAt(i)), Number(flagValue('--streams') ?? 16));

    // The runtime's own batch-1 generate() in this process on the same model directory, prompts and token count,
    // and its prefill alone (the prompt to the first token: what TTFT cannot go below), alternating with one-stream
    // requests so that load from other processes hits all alike.
    const model = await InferenceModel.load(path.join(harness.modelsDir, artifactKey));
    const runtimeMs: number[] = [];
    const requestMs: number[] = [];
    const prefillMs: number[] = [];
    const oneStreamTtftMs: number[] = [];
    const transportMs = await transportFloor(tenant.key, promptAt);
    for (let i = 0; i <= settings.runtimeRounds; i++) {
      const start = nowMs();
      const result = await generate(model, promptAt(i), { maxNewTokens: settings.newTokens, eosTokenIds: [eos] });
      const runtimePerToken = (nowMs() - start) / result.tokens.length;
      const prefillStart = nowMs();
      await new BatchedDecoder(model).addSequences([{ prompt: promptAt(i), maxNewTokens: 1 }]);
      const prefill = nowMs() - prefillStart;
      const request = await streamOnce(base, tenant.key, promptAt(i));
      if (i > 0) {
        runtimeMs.push(runtimePerToken);
        requestMs.push(request.totalMs / request.completionTokens);
        prefillMs.push(prefill);
        oneStreamTtftMs.push(request.ttftMs);
      }
    }
    await sessionCache.clear();
    const runtimeMsPerToken = median(runtimeMs);

    const waves = new Map<number, Wave[]>(CONCURRENCY.map((streams) => [streams, []]));
    let promptIndex = 1;
    // Round 0 warms every level up (a batch this wide, its cache sizes) and is not counted.
    for (let r = 0; r <= settings.rounds; r++) {
      for (const streams of CONCURRENCY) {
        const result = await wave(service, tenant.key, streams, () => promptAt(promptIndex++ % 500));
        if (r > 0) waves.get(streams)?.push(result);
      }
    }
    const rows = CONCURRENCY.map((streams) => {
      const levelWaves = waves.get(streams) as Wave[];
      const timings = levelWaves.flatMap((w) => w.timings);
      return {
        streams,
        ttftP50: percentile(timings.map((t) => t.ttftMs), 50),
        ttftP99: percentile(timings.map((t) => t.ttftMs), 99),
        perStream: median(timings.map((t) => t.decodeTokS)),
        aggregate: median(levelWaves.map((w) => w.aggregate)),
        // Against the 1-stream wave of the same round.
        pairedRatio: median(levelWaves.map((w, r) => w.aggregate / (waves.get(1) as Wave[])[r].aggregate)),
        cpuMsPerToken: median(levelWaves.map((w) => w.cpuMsPerToken)),
        clientCpuMsPerToken: median(levelWaves.map((w) => w.clientCpuMsPerToken)),
      };
    });
    const allTtft = [...waves.values()].flat().flatMap((w) => w.timings.map((t) => t.ttftMs));
    const runtimeB1 = 1000 / runtimeMsPerToken;
    // At one stream, a request's whole time per token (HTTP, auth, limits, SSE, metering included) against the
    // runtime's own generate() per token, from the alternating rounds.
    const overheadPct = (median(requestMs) / runtimeMsPerToken - 1) * 100;
    // TTFT at one stream (HTTP, auth, limits, the queue, the prefill on the model's thread) against the prefill alone.
    const ttftVsPrefillPct = (median(oneStreamTtftMs) / median(prefillMs) - 1) * 100;
    // What any TTFT over HTTP pays before serving's own work: the same request answered by a bare server.
    const transportFloorPct = ((median(prefillMs) + median(transportMs)) / median(prefillMs) - 1) * 100;

    console.log(`serving benchmark${quick ? ' (--quick)' : ''}, MODEL_THREAD=${modelThread}: ${settings.newTokens} new tokens, ${PROMPT_LENGTH}-token prompts, ${settings.rounds} round(s) of every level, interleaved`);
    console.log(`load average ${loadBefore.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}; runtime batch 1: ${runtimeB1.toFixed(1)} tok/s (${runtimeMsPerToken.toFixed(2)} ms/token)`);
    console.log('streams | TTFT p50 ms | TTFT p99 ms | per-stream tok/s | aggregate tok/s | vs 1 stream (same round) | service CPU ms/token | client CPU ms/token');
    for (const row of rows) {
      console.log(
        `${String(row.streams).padStart(7)} | ${row.ttftP50.toFixed(1).padStart(11)} | ${row.ttftP99.toFixed(1).padStart(11)} | ` +
          `${row.perStream.toFixed(1).padStart(16)} | ${row.aggregate.toFixed(1).padStart(15)} | ${(row.pairedRatio.toFixed(2) + 'x').padStart(24)} | ` +
          `${row.cpuMsPerToken.toFixed(3).padStart(20)} | ${row.clientCpuMsPerToken.toFixed(3).padStart(19)}`,
      );
    }
    console.log(`HTTP + auth + metering overhead at 1 stream: ${overheadPct.toFixed(1)}% of model time`);
    console.log(
      `TTFT at 1 stream ${median(oneStreamTtftMs).toFixed(1)} ms (p50, alternating rounds) against the runtime's prefill ${median(prefillMs).toFixed(1)} ms: ${ttftVsPrefillPct.toFixed(1)}% over`,
    );
    console.log(
      `the same request answered by a bare node:http server (transport alone): ${median(transportMs).toFixed(2)} ms, so the prefill over HTTP cannot come under ${(median(prefillMs) + median(transportMs)).toFixed(1)} ms (${transportFloorPct.toFixed(1)}% over the prefill)`,
    );
    const sixteen = rows.find((row) => row.streams === 16);
    console.log(
      JSON.stringify({
        bench: 'serve',
        model_thread: modelThread,
        ttft_p50_ms: round(percentile(allTtft, 50)),
        ttft_p99_ms: round(percentile(allTtft, 99)),
        agg_tok_s: Object.fromEntries(rows.map((row) => [String(row.streams), round(row.aggregate)])),
        ratio_16_1: round(sixteen?.pairedRatio ?? 0, 2),
        cpu_ms_per_token: Object.fromEntries(rows.map((row) => [String(row.streams), round(row.cpuMsPerToken, 3)])),
        client_cpu_ms_per_token: Object.fromEntries(rows.map((row) => [String(row.streams), round(row.clientCpuMsPerToken, 3)])),
        runtime_b1_tok_s: round(runtimeB1),
        overhead_pct: round(overheadPct),
        ttft_1_stream_p50_ms: round(median(oneStreamTtftMs)),
        runtime_prefill_p50_ms: round(median(prefillMs), 2),
        ttft_vs_prefill_pct: round(ttftVsPrefillPct),
        transport_p50_ms: round(median(transportMs), 2),
        transport_floor_vs_prefill_pct: round(transportFloorPct),
        loadavg_1m: [round(loadBefore), round(os.loadavg()[0])],
      }),
    );
  } finally {
    await harness.teardown();
  }
  if (!levelsOnly) await sharedPrefix();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
