import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { waitUntil } from '@llmchain/testing';
import { ServingHarness } from '../../../tests/serving/serving-harness';
import { nowMs } from '../generate/timing';
import { streamOnce } from './stream-once';

const MODEL = 'bench-gpt';
/** Sampling interval of the profiler, µs: finer than V8's default 1 ms, since a token takes about that. */
const SAMPLE_INTERVAL_US = 250;

export interface CpuProfileOptions {
  writeModel: (dir: string) => void;
  prompt: (i: number) => number[];
  newTokens: number;
  requests: number;
  /** Concurrent clients, each sending its share of the requests one after another. */
  streams: number;
  /** Where the service's .cpuprofile files go. */
  dir: string;
  top: number;
}

/** The parts of V8's .cpuprofile read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where the serving process's main thread spends its time at one stream (or `streams` concurrent ones): serving-service
 * sampled by V8's profiler (cpu-profile-preload.cjs), requests one after another per stream, then the top functions by self time among the
 * samples taken while they ran (not start-up or model loading). V8's sample timestamps and this process's hrtime are the same monotonic
 * clock, which is how the window is cut.
 */
export async function cpuProfileBench(options: CpuProfileOptions): Promise<void> {
  mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, `serving-service-${Date.now()}.cpuprofile`);
  const harness = new ServingHarness();
  const artifactKey = `bench/${randomUUID()}`;
  options.writeModel(path.join(harness.modelsDir, artifactKey));
  let window: { startUs: number; endUs: number };
  try {
    await harness.start({
      DEFAULT_REQUESTS_PER_MINUTE: '1000000',
      DEFAULT_TOKENS_PER_MINUTE: '1000000000',
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: `--require ${path.join(__dirname, 'cpu-profile-preload.cjs')}`,
      CPU_PROFILE_FILE: file,
      CPU_PROFILE_INTERVAL_US: String(SAMPLE_INTERVAL_US),
    });
    const tenant = await harness.issueKey();
    await harness.announceModel(tenant.tenantId, MODEL, artifactKey);
    const once = (i: number) => streamOnce(harness.serving.baseUrl, tenant.key, MODEL, options.prompt(i), options.newTokens);
    await waitUntil(() => once(0).then(() => true, () => false), Boolean, { timeoutMs: 120_000, what: 'the model to answer' });
    const wave = async (requests: number) => {
      let tokens = 0;
      const client = async (c: number) => {
        for (let i = c; i < requests; i += options.streams) {
          // Not `tokens += await …`: that reads `tokens` before the await and loses the other streams' additions.
          const { completionTokens } = await once(i);
          tokens += completionTokens;
        }
      };
      await Promise.all(Array.from({ length: options.streams }, (_, c) => client(c)));
      return tokens;
    };
    await wave(20);
    const start = nowMs();
    const tokens = await wave(options.requests);
    const end = nowMs();
    window = { startUs: start * 1000, endUs: end * 1000 };
    console.log(
      `${options.requests} requests from ${options.streams} concurrent stream(s), ${tokens} tokens in ${(end - start).toFixed(0)} ms ` +
        `(${((tokens * 1000) / (end - start)).toFixed(1)} tok/s), load average ${os.loadavg()[0].toFixed(1)}`,
    );
  } finally {
    // The profile is written when the process exits.
    await harness.teardown();
  }
  printTop(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, window, options.top, file);
}

function printTop(profile: CpuProfile, window: { startUs: number; endUs: number }, top: number, file: string): void {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i];
    at += delta;
    if (at < window.startUs || at > window.endUs) return;
    const frame = frames.get(id) as CpuProfile['nodes'][number]['callFrame'];
    const where = frame.url ? ` ${frame.url.replace(/^.*\/(apps|libs|node_modules)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    selfUs.set(name, (selfUs.get(name) ?? 0) + delta);
    total += delta;
  });
  const idle = selfUs.get('(idle)') ?? 0;
  console.log(`main thread, ${(total / 1000).toFixed(0)} ms sampled in the window, busy ${(((total - idle) / total) * 100).toFixed(1)}% (${file})`);
  console.log('self ms | % of busy | function');
  const busy = [...selfUs].filter(([name]) => name !== '(idle)').sort((a, b) => b[1] - a[1]);
  for (const [name, us] of busy.slice(0, top)) {
    console.log(`${(us / 1000).toFixed(1).padStart(7)} | ${((us / (total - idle)) * 100).toFixed(1).padStart(9)} | ${name}`);
  }
}
