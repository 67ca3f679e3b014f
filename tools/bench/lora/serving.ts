// bench:lora --serving: 16 streams over 16 different LoRA adapters against 16 streams of the base alone, decoded
// together in one BatchedDecoder (the way serving batches a base's requests), and the memory 16 resident adapters
// take against one. The base is a small Qwen2-style decoder with random weights, imported through
// importHfModelDirectory; its decoder_step carries LoRA inputs, so the base's rows and the adapters' share one session.
// What those inputs cost base-only batches is timed against a twin directory whose decoder_step has none.
// Prints a table, then as the last line {"bench":"lora_serving",...}.
import { cpSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchedDecoder, buildDecoderStepGraph, Checkpoint, importHfModelDirectory, InferenceModel, LoraAdapter, modelFilePath, readCheckpointParams,
  readModelConfig, ResidentAdapter, Rng, sessionCache,
} from '@llmchain/model-runtime';
import { median, nowMs } from '../generate/timing';
import { writeRandomHfLlama } from '../generate/random-hf-llama';

const FIXTURE = path.resolve(__dirname, '../../../libs/model-runtime/src/__fixtures__/hf/qwen2');
const STREAMS = 16;
const PROMPT_LENGTH = 32;
const NEW_TOKENS = 64;
const ROUNDS = 5;
const MODULES = { 'self_attn.q_proj': ['d', 'd'], 'self_attn.k_proj': ['d', 'kv'], 'self_attn.v_proj': ['d', 'kv'], 'self_attn.o_proj': ['d', 'd'], 'mlp.gate_proj': ['d', 'ff'], 'mlp.up_proj': ['d', 'ff'], 'mlp.down_proj': ['ff', 'd'] } as const;

/** Small Qwen2 shape: width 512, 8 layers, 8 query / 2 key-value heads, MLP 1536, vocab 8192. */
const CONFIG = {
  architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', hidden_size: 512, intermediate_size: 1536, num_hidden_layers: 8,
  num_attention_heads: 8, num_key_value_heads: 2, max_position_embeddings: 1024, rope_theta: 1e6, rms_norm_eps: 1e-6,
  tie_word_embeddings: true, use_sliding_window: false, vocab_size: 8192, bos_token_id: null, eos_token_id: 482,
};

function randomAdapter(rank: number, seed: number): LoraAdapter {
  const rng = new Rng(seed);
  const dims = { d: CONFIG.hidden_size, kv: 2 * 64, ff: CONFIG.intermediate_size };
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  const random = (shape: number[]) => ({ shape, data: Float32Array.from({ length: shape[0] * shape[1] }, () => rng.normal() * 0.02) });
  for (let layer = 0; layer < CONFIG.num_hidden_layers; layer++) {
    for (const [module, [inDim, outDim]] of Object.entries(MODULES)) {
      const prefix = `base_model.model.model.layers.${layer}.${module}`;
      weights.set(`${prefix}.lora_A.weight`, random([rank, dims[inDim]]));
      weights.set(`${prefix}.lora_B.weight`, random([dims[outDim], rank]));
    }
  }
  const targetModules = Object.keys(MODULES).map((m) => m.split('.')[1]);
  return { config: { r: rank, loraAlpha: 2 * rank, loraDropout: 0, targetModules, baseModelNameOrPath: 'bench' }, weights };
}

interface Rate {
  /** Generated tokens after the first, summed over the streams, per second of wall time. */
  wall: number;
  /** The same per second of this process's CPU time: less exposed to the other work on a shared machine. */
  cpu: number;
}

/** Greedy decode of 16 prompts together. */
async function decodeRate(model: InferenceModel, prompts: number[][], adapters: (ResidentAdapter | undefined)[]): Promise<Rate> {
  const decoder = new BatchedDecoder(model);
  await decoder.addSequences(prompts.map((prompt, i) => ({ prompt, maxNewTokens: NEW_TOKENS, eosTokenIds: [], adapter: adapters[i] })));
  const start = nowMs();
  const cpuStart = process.cpuUsage();
  while (decoder.activeCount > 0) await decoder.step();
  const cpu = process.cpuUsage(cpuStart);
  const tokens = prompts.length * (NEW_TOKENS - 1);
  return { wall: tokens / ((nowMs() - start) / 1000), cpu: tokens / ((cpu.user + cpu.system) / 1e6) };
}

const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

/** A copy of the model directory whose decoder_step is built without LoRA inputs: the plain network alone. */
function plainTwin(dir: string, twin: string): string {
  cpSync(dir, twin, { recursive: true });
  const { model } = readModelConfig(dir);
  const params = readCheckpointParams(Checkpoint.open(dir), model);
  writeFileSync(modelFilePath(twin, 'fp32', 'decoder_step'), buildDecoderStepGraph(model, params));
  return twin;
}

export async function runLoraServingBench(rank: number): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'llmchain-bench-lora-serving-'));
  try {
    const tokenizer = { tokenizerJson: readFileSync(path.join(FIXTURE, 'tokenizer.json'), 'utf8'), tokenizerConfigJson: readFileSync(path.join(FIXTURE, 'tokenizer_config.json'), 'utf8') };
    writeRandomHfLlama(path.join(root, 'source'), CONFIG, tokenizer, 3);
    const dir = path.join(root, 'model');
    await importHfModelDirectory(path.join(root, 'source'), dir);
    const model = await InferenceModel.load(dir);
    const rng = new Rng(5);
    const prompts = Array.from({ length: STREAMS }, () => Array.from({ length: PROMPT_LENGTH }, () => Math.floor(rng.next() * 480)));
    const baseOnly = new Array<ResidentAdapter | undefined>(STREAMS).fill(undefined);
    await decodeRate(model, prompts, baseOnly);
    const rssBase = rssMiB();
    const first = await model.loadAdapter(randomAdapter(rank, 100));
    await decodeRate(model, prompts, new Array(STREAMS).fill(first));
    const rssOneAdapter = rssMiB();
    const adapters = [first, ...(await Promise.all(Array.from({ length: STREAMS - 1 }, (_, i) => model.loadAdapter(randomAdapter(rank, 101 + i)))))];
    await decodeRate(model, prompts, adapters);
    const rssSixteen = rssMiB();
    // Loaded after the memory readings: a second session, only to time the plain network against the base path.
    const plain = await InferenceModel.load(plainTwin(dir, path.join(root, 'plain')));
    await decodeRate(plain, prompts, baseOnly);
    const rates: { base: Rate[]; adapters: Rate[]; plain: Rate[] } = { base: [], adapters: [], plain: [] };
    for (let round = 0; round < ROUNDS; round++) {
      rates.base.push(await decodeRate(model, prompts, baseOnly));
      rates.adapters.push(await decodeRate(model, prompts, adapters));
      rates.plain.push(await decodeRate(plain, prompts, baseOnly));
    }
    const medians = (list: Rate[]) => ({ wall: median(list.map((r) => r.wall)), cpu: median(list.map((r) => r.cpu)) });
    const [base, sixteen, plainRate] = [medians(rates.base), medians(rates.adapters), medians(rates.plain)];
    const adapterMiB = first.bytes / 2 ** 20;
    const ratio = (a: number, b: number) => `${a.toFixed(0)} (${(a / b).toFixed(2)}x)`;
    console.log(`${STREAMS} streams, prompt ${PROMPT_LENGTH}, ${NEW_TOKENS} new tokens each, rank ${rank} on all 7 projections of 8 layers; median of ${ROUNDS} interleaved rounds`);
    console.log('| batch of 16 | decode tok/s (all streams) | per CPU second |');
    console.log('|---|---:|---:|');
    console.log(`| base alone | ${base.wall.toFixed(0)} | ${base.cpu.toFixed(0)} |`);
    console.log(`| 16 different adapters | ${ratio(sixteen.wall, base.wall)} | ${ratio(sixteen.cpu, base.cpu)} |`);
    console.log(`| base alone, graph without LoRA inputs | ${ratio(plainRate.wall, base.wall)} | ${ratio(plainRate.cpu, base.cpu)} |`);
    console.log('');
    console.log(`RSS: base ${rssBase.toFixed(0)} MiB; +1 adapter ${rssOneAdapter.toFixed(0)} MiB; +16 adapters ${rssSixteen.toFixed(0)} MiB`);
    console.log(`one adapter's factors: ${adapterMiB.toFixed(2)} MiB; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(JSON.stringify({
      bench: 'lora_serving', rank, base_tok_s: Math.round(base.wall), adapters16_tok_s: Math.round(sixteen.wall), ratio: Number((sixteen.wall / base.wall).toFixed(2)),
      cpu_ratio: Number((sixteen.cpu / base.cpu).toFixed(2)), base_vs_plain_graph_cpu_ratio: Number((base.cpu / plainRate.cpu).toFixed(2)),
      rss_base_mib: Math.round(rssBase), rss_one_adapter_mib: Math.round(rssOneAdapter), rss_16_adapters_mib: Math.round(rssSixteen),
      adapter_factors_mib: Number(adapterMiB.toFixed(2)), loadavg_1m: Number(os.loadavg()[0].toFixed(2)),
    }));
  } finally {
    await sessionCache.clear();
    rmSync(root, { recursive: true, force: true });
  }
}
