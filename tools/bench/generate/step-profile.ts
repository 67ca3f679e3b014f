import { readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { DecoderShape } from '../../../libs/model-runtime/src';
import { cacheKeyName, cacheValueName } from '../../../libs/model-runtime/src/inference/export/decoder-step-graph';
import { ATTENTION_MASK, INPUT_IDS, NUM_LOGITS_TO_KEEP, POSITION_IDS } from '../../../libs/model-runtime/src/inference/export/gpt-blocks';
import { loraFeeds } from '../../../libs/model-runtime/src/inference/session/lora-feeds';
import { loraModulesOf } from '../../../libs/model-runtime/src/inference/session/lora-modules';
import { median } from './timing';

export interface StepProfileOptions {
  /** The decoder-step graph to profile. */
  file: string;
  shape: DecoderShape;
  batches: number[];
  /** Cache columns every row reads; all but the last 10 hold positions. */
  capacity: number;
  runs: number;
}

/** How serving opens the graph (session-cache.ts): both the profiled session and the timed one. */
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all', intraOpNumThreads: 1, logSeverityLevel: 3 };

/** One node's profiled kernel time, as onnxruntime's session profiler writes it. */
interface ProfileEvent {
  cat: string;
  name: string;
  dur: number;
  args: { op_name?: string; input_type_shape?: Record<string, number[]>[] };
}

/**
 * Where a decode step's time goes, per operator kind, at each batch size: onnxruntime's own per-node kernel timings
 * (session profiling), the median of each node over the runs. Attention's MatMuls (both operands activations, the
 * cache among them) are told apart from the linear layers' (a weight operand), since the first grow with the batch
 * and the cache, the second read the same weights at any batch.
 */
export async function runStepProfile({ file, shape, batches, capacity, runs }: StepProfileOptions): Promise<void> {
  const columns: Map<string, number>[] = [];
  const walls: number[] = [];
  for (const batch of batches) {
    walls.push(await medianRunWall(file, shape, batch, capacity, runs));
    const prefix = path.join(os.tmpdir(), `llmchain-step-profile-b${batch}-${process.pid}`);
    const session = await ort.InferenceSession.create(file, { ...SESSION_OPTIONS, enableProfiling: true, profileFilePrefix: prefix });
    const feeds = stepFeeds(session, file, shape, batch, capacity);
    for (let i = 0; i < runs; i++) await session.run(feeds);
    // onnxruntime-node does not return the file's name: it is the prefix, a timestamp and .json.
    session.endProfiling();
    await session.release();
    const written = readdirSync(os.tmpdir())
      .filter((name) => name.startsWith(path.basename(prefix)))
      .map((name) => path.join(os.tmpdir(), name))[0];
    const events = JSON.parse(readFileSync(written, 'utf8')) as ProfileEvent[];
    rmSync(written, { force: true });
    columns.push(kernelTimeByKind(events, runs));
  }
  const kinds = [...columns[columns.length - 1]].sort((a, b) => b[1] - a[1]).map(([kind]) => kind);
  const total = (column: Map<string, number>) => [...column.values()].reduce((sum, us) => sum + us, 0);
  console.log(`decode step kernel time per run, µs (median of ${runs} runs per node; cache capacity ${capacity}; 1 intra-op thread), and session.run's own median`);
  console.log(`${'operator'.padEnd(24)} | ${batches.map((b) => `batch ${b}`.padStart(9)).join(' | ')} | µs per extra row, batch ${batches[0]} → ${batches[batches.length - 1]}`);
  const first = batches[0];
  const last = batches[batches.length - 1];
  const row = (name: string, values: number[]) =>
    console.log(`${name.padEnd(24)} | ${values.map((us) => us.toFixed(0).padStart(9)).join(' | ')} | ${((values[values.length - 1] - values[0]) / (last - first)).toFixed(1).padStart(6)}`);
  for (const kind of kinds) row(kind, columns.map((column) => column.get(kind) ?? 0));
  row('all kernels', columns.map(total));
  row('session.run, unprofiled', walls);
  console.log(
    JSON.stringify({
      bench: 'generate_step_profile',
      capacity,
      batches,
      kernel_us: columns.map((c) => Math.round(total(c))),
      run_wall_us: walls.map(Math.round),
      loadavg_1m: Number(os.loadavg()[0].toFixed(1)),
    }),
  );
}

/**
 * The median wall time of `session.run` on a session without profiling, µs: the kernels and what onnxruntime and its
 * Node binding do around them (binding the feeds, allocating and copying out the outputs).
 */
async function medianRunWall(file: string, shape: DecoderShape, batch: number, capacity: number, runs: number): Promise<number> {
  const session = await ort.InferenceSession.create(file, SESSION_OPTIONS);
  const feeds = stepFeeds(session, file, shape, batch, capacity);
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await session.run(feeds);
    durations.push((performance.now() - start) * 1000);
  }
  await session.release();
  return median(durations);
}

/** A decode step's feeds: one new token per row over `capacity` cached columns (10 of them masked), no adapter. */
function stepFeeds(session: ort.InferenceSession, file: string, shape: DecoderShape, batch: number, capacity: number): Record<string, ort.Tensor> {
  const span = capacity + 1;
  const mask = new BigInt64Array(batch * span);
  for (let row = 0; row < batch; row++) {
    mask.fill(1n, row * span, row * span + capacity - 10);
    mask[row * span + capacity] = 1n;
  }
  const ids = (value: (row: number) => number) => new ort.Tensor('int64', BigInt64Array.from({ length: batch }, (_, row) => BigInt(value(row))), [batch, 1]);
  const feeds: Record<string, ort.Tensor> = {
    [INPUT_IDS]: ids((row) => (row * 37) % shape.vocabSize),
    [POSITION_IDS]: ids(() => capacity - 10),
    [ATTENTION_MASK]: new ort.Tensor('int64', mask, [batch, span]),
    [NUM_LOGITS_TO_KEEP]: new ort.Tensor('int64', BigInt64Array.of(1n), []),
    ...loraFeeds(loraModulesOf(session, file), new Array<undefined>(batch).fill(undefined)),
  };
  const cacheSize = batch * shape.nKvHead * capacity * shape.headDim;
  const random = () => new ort.Tensor('float32', Float32Array.from({ length: cacheSize }, () => Math.random() - 0.5), [batch, shape.nKvHead, capacity, shape.headDim]);
  for (let layer = 0; layer < shape.nLayer; layer++) {
    feeds[cacheKeyName(layer)] = random();
    feeds[cacheValueName(layer)] = random();
  }
  return feeds;
}

/** Per operator kind, the sum over its nodes of each node's median kernel time per run. */
function kernelTimeByKind(events: ProfileEvent[], runs: number): Map<string, number> {
  const byNode = new Map<string, { kind: string; durations: number[] }>();
  for (const event of events) {
    if (event.cat !== 'Node' || !event.name.endsWith('_kernel_time')) continue;
    const node = byNode.get(event.name) ?? { kind: operatorKind(event), durations: [] };
    node.durations.push(event.dur);
    byNode.set(event.name, node);
  }
  const byKind = new Map<string, number>();
  for (const { kind, durations } of byNode.values()) {
    // A node inside an If's branch runs once per run, like the others; median over its runs, scaled to all of them.
    const perRun = (median(durations) * durations.length) / runs;
    byKind.set(kind, (byKind.get(kind) ?? 0) + perRun);
  }
  return byKind;
}

function operatorKind(event: ProfileEvent): string {
  const op = event.args.op_name ?? '?';
  const inputs = event.args.input_type_shape ?? [];
  if (op !== 'MatMul' && op !== 'FusedMatMul' && op !== 'Gemm') return op;
  // A weight operand is an initializer, which the profile lists with the activations: only attention multiplies two 4-d activations.
  const ranks = inputs.map((input) => (Object.values(input)[0] ?? []).length);
  return ranks.length === 2 && ranks[0] === 4 && ranks[1] === 4 ? 'MatMul (attention)' : `${op} (linear layers)`;
}
