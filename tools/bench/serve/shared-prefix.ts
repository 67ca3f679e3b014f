import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { waitUntil } from '@llmchain/testing';
import { ServingHarness } from '../../../tests/serving/serving-harness';
import { median, nowMs } from '../generate/timing';
import { serviceCpuSeconds } from './service-cpu';
import { StreamTiming, streamOnce } from './stream-once';

const MODEL = 'bench-gpt';
/** A system prompt as long as chat deployments' (most of the bench model's 256-token context), then a question. */
const SYSTEM_TOKENS = 192;
const QUESTION_TOKENS = 16;
const STREAMS = 16;
const REQUESTS_PER_STREAM = 2;

export interface SharedPrefixOptions {
  /** Writes the bench model's directory (same weights and tokenizer as the other workloads). */
  writeModel: (dir: string) => void;
  /** Token ids of a corpus: the system prompt and the questions are cut from it. */
  ids: number[];
  newTokens: number;
  rounds: number;
}

interface Wave {
  aggregate: number;
  /** The service's CPU time per completion token: what outside load disturbs least. */
  cpuMsPerToken: number;
  timings: StreamTiming[];
}

interface Service {
  harness: ServingHarness;
  key: string;
}

/** A serving-service with the bench model, its prefix cache on or off. */
async function startService(options: SharedPrefixOptions, prefixCacheBytes: string): Promise<Service> {
  const harness = new ServingHarness();
  const artifactKey = `bench/${randomUUID()}`;
  options.writeModel(path.join(harness.modelsDir, artifactKey));
  await harness.start({ DEFAULT_REQUESTS_PER_MINUTE: '1000000', DEFAULT_TOKENS_PER_MINUTE: '1000000000', LOG_LEVEL: 'warn', PREFIX_CACHE_BYTES: prefixCacheBytes });
  const tenant = await harness.issueKey();
  await harness.announceModel(tenant.tenantId, MODEL, artifactKey);
  const ready = () => streamOnce(harness.serving.baseUrl, tenant.key, MODEL, options.ids.slice(0, 8), 1).then(() => true, () => false);
  await waitUntil(ready, Boolean, { timeoutMs: 120_000, what: 'the model to answer' });
  return { harness, key: tenant.key };
}

/** STREAMS clients at once, each sending REQUESTS_PER_STREAM requests (system prompt + its own question) in turn. */
async function wave(service: Service, options: SharedPrefixOptions, system: number[], nextQuestion: () => number[]): Promise<Wave> {
  const pid = service.harness.serving.pid as number;
  const cpuBefore = serviceCpuSeconds(pid);
  const start = nowMs();
  const client = async () => {
    const timings: StreamTiming[] = [];
    for (let i = 0; i < REQUESTS_PER_STREAM; i++) {
      timings.push(await streamOnce(service.harness.serving.baseUrl, service.key, MODEL, [...system, ...nextQuestion()], options.newTokens));
    }
    return timings;
  };
  const timings = (await Promise.all(Array.from({ length: STREAMS }, client))).flat();
  const seconds = (nowMs() - start) / 1000;
  const tokens = timings.reduce((sum, t) => sum + t.completionTokens, 0);
  return { aggregate: tokens / seconds, cpuMsPerToken: ((serviceCpuSeconds(pid) - cpuBefore) * 1000) / tokens, timings };
}

/** The prefix cache's hit share of prompt tokens, from the service's /metrics. */
async function hitShare(service: Service): Promise<number> {
  const text = await (await fetch(`${service.harness.serving.baseUrl}/metrics`)).text();
  const value = (result: string) => Number(new RegExp(`^serving_prefix_cache_prompt_tokens_total\\{model="${MODEL}",result="${result}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  const [hit, miss] = [value('hit'), value('miss')];
  return hit / Math.max(1, hit + miss);
}

/**
 * The shared-system-prompt workload: every request is one 192-token system prompt plus its own 16-token question,
 * 16 streams at once, against two services on the same model, one with the prefix cache (the default) and one with
 * PREFIX_CACHE_BYTES=0, their waves interleaved round by round so outside load hits both alike; ratios are taken
 * within a round (median over rounds). Round 0 warms both up and is not counted.
 */
export async function sharedPrefixBench(options: SharedPrefixOptions): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const system = options.ids.slice(0, SYSTEM_TOKENS);
  let question = 0;
  const nextQuestion = () => {
    const at = SYSTEM_TOKENS + (question++ % 2000) * QUESTION_TOKENS;
    return options.ids.slice(at, at + QUESTION_TOKENS);
  };
  const cached = await startService(options, String(256 * 1024 * 1024));
  const uncached = await startService(options, '0');
  try {
    const waves = { cached: [] as Wave[], uncached: [] as Wave[] };
    for (let r = 0; r <= options.rounds; r++) {
      const withCache = await wave(cached, options, system, nextQuestion);
      const without = await wave(uncached, options, system, nextQuestion);
      if (r > 0) {
        waves.cached.push(withCache);
        waves.uncached.push(without);
      }
    }
    const summary = (list: Wave[]) => {
      const timings = list.flatMap((w) => w.timings);
      return {
        ttftP50: median(timings.map((t) => t.ttftMs)),
        perStream: median(timings.map((t) => t.decodeTokS)),
        aggregate: median(list.map((w) => w.aggregate)),
        cpuMsPerToken: median(list.map((w) => w.cpuMsPerToken)),
      };
    };
    const on = summary(waves.cached);
    const off = summary(waves.uncached);
    const ttftRatio = median(waves.cached.map((w, r) => median(waves.uncached[r].timings.map((t) => t.ttftMs)) / median(w.timings.map((t) => t.ttftMs))));
    const tokSRatio = median(waves.cached.map((w, r) => w.aggregate / waves.uncached[r].aggregate));
    const hits = await hitShare(cached);
    const loadAfter = os.loadavg()[0];
    console.log(
      `shared system prompt: ${SYSTEM_TOKENS}-token system prompt + ${QUESTION_TOKENS}-token question, ${options.newTokens} new tokens, ` +
        `${STREAMS} streams × ${REQUESTS_PER_STREAM} requests per wave, ${options.rounds} round(s); load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}`,
    );
    console.log('prefix cache | TTFT p50 ms | per-stream tok/s | aggregate tok/s | service CPU ms/token');
    for (const [name, row] of [['on', on], ['off', off]] as const) {
      console.log(
        `${name.padStart(12)} | ${row.ttftP50.toFixed(1).padStart(11)} | ${row.perStream.toFixed(1).padStart(16)} | ${row.aggregate.toFixed(1).padStart(15)} | ` +
          `${row.cpuMsPerToken.toFixed(2).padStart(20)}`,
      );
    }
    console.log(`TTFT off/on ${ttftRatio.toFixed(2)}x, aggregate tok/s on/off ${tokSRatio.toFixed(2)}x (same round); prompt tokens from the cache: ${(hits * 100).toFixed(1)}%`);
    const round = (value: number, digits = 1) => Number(value.toFixed(digits));
    console.log(
      JSON.stringify({
        bench: 'serve_shared_prefix',
        ttft_p50_ms: { cached: round(on.ttftP50), uncached: round(off.ttftP50) },
        agg_tok_s: { cached: round(on.aggregate), uncached: round(off.aggregate) },
        cpu_ms_per_token: { cached: round(on.cpuMsPerToken, 2), uncached: round(off.cpuMsPerToken, 2) },
        ttft_speedup: round(ttftRatio, 2),
        tok_s_speedup: round(tokSRatio, 2),
        prefix_hit_share: round(hits, 3),
        loadavg_1m: [round(loadBefore), round(loadAfter)],
      }),
    );
  } finally {
    await cached.harness.teardown();
    await uncached.harness.teardown();
  }
}
