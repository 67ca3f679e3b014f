import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Tokenizer } from '@llmchain/tokenizer';
import { importHfModelDirectory, InferenceModel, ModelVariant, sessionCache, tokenizerFilesOf } from '../../../libs/model-runtime/src';
import { DecodeTiming, timeLlmchain } from './llmchain-timing';
import { QWEN2_5_0_5B, writeRandomHfLlama } from './random-hf-llama';
import { median, nowMs } from './timing';
import { loadWithTransformers, timeTransformers } from './transformers-timing';

export interface LlamaBenchSettings {
  /** Qwen2.5-0.5B has 24; fewer keep every other dimension of its shape. */
  layers: number;
  newTokens: number;
  rounds: number;
  promptLength: number;
  batch: number;
}

const VARIANTS: ModelVariant[] = ['fp32', 'q8', 'q4'];

async function rounds(settings: LlamaBenchSettings, measurements: (() => Promise<DecodeTiming>)[]): Promise<DecodeTiming[][]> {
  const results: DecodeTiming[][] = measurements.map(() => []);
  for (let round = 0; round <= settings.rounds; round++) {
    for (const [i, measure] of measurements.entries()) {
      const timing = await measure();
      if (round > 0) results[i].push(timing);
    }
  }
  return results;
}

const decodeRate = (runs: DecodeTiming[]) => median(runs.map((r) => r.decodeTokS));
const ttft = (runs: DecodeTiming[]) => median(runs.map((r) => r.ttftMs));

/** Bytes of a variant's onnx/model*.onnx with its external data. */
function graphMb(dir: string, variant: ModelVariant): number {
  const base = { fp32: 'model.onnx', q8: 'model_quantized.onnx', q4: 'model_q4.onnx' }[variant];
  const files = readdirSync(path.join(dir, 'onnx')).filter((f) => f === base || f === `${base}_data`);
  return files.reduce((sum, f) => sum + statSync(path.join(dir, 'onnx', f)).size, 0) / 2 ** 20;
}

/**
 * A random-weight model of Qwen2.5-0.5B's shape, written as a Hugging Face directory (BF16) and imported through
 * importHfModelDirectory; then decode speed of this runtime at batch 1 and `batch` against transformers.js on the
 * identical exported directory, and of the q8 / q4 variants. Prints a table and a JSON line.
 */
export async function runLlamaBench(settings: LlamaBenchSettings, tokenizer: Tokenizer, heldOut: Int32Array): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'llmchain-bench-llama-'));
  try {
    const config = { ...QWEN2_5_0_5B, num_hidden_layers: settings.layers };
    const source = path.join(root, 'source');
    let start = nowMs();
    writeRandomHfLlama(source, config, tokenizerFilesOf(tokenizer), 7);
    const writeSeconds = (nowMs() - start) / 1000;
    const dir = path.join(root, 'model');
    start = nowMs();
    const imported = await importHfModelDirectory(source, dir, { variants: VARIANTS });
    const importSeconds = (nowMs() - start) / 1000;
    const importPeakRssMb = process.resourceUsage().maxRSS / 1024;

    const promptAt = (offset: number, length: number) => Array.from(heldOut.subarray(offset, offset + length));
    const single = [promptAt(0, settings.promptLength)];
    const batch = Array.from({ length: settings.batch }, (_, i) => promptAt(1000 * (i + 1), settings.promptLength - 3 * i));
    const models = await Promise.all(VARIANTS.map((variant) => InferenceModel.load(dir, { variant })));
    const transformers = await loadWithTransformers(dir);
    const [b1, bN, theirs, q8, q4] = await rounds(settings, [
      () => timeLlmchain(models[0], single, settings.newTokens),
      () => timeLlmchain(models[0], batch, settings.newTokens),
      () => timeTransformers(transformers, single, settings.newTokens),
      () => timeLlmchain(models[1], single, settings.newTokens),
      () => timeLlmchain(models[2], single, settings.newTokens),
    ]);
    await transformers.dispose();

    console.log(
      `model: Qwen2.5-0.5B shape with ${settings.layers} of its 24 layers, random BF16 weights, ` +
        `${(imported.parameterCount / 1e6).toFixed(0)}M parameters; written in ${writeSeconds.toFixed(1)} s, ` +
        `imported (fp32+q8+q4 graphs, decoder_step with LoRA inputs) in ${importSeconds.toFixed(1)} s, peak RSS ${importPeakRssMb.toFixed(0)} MiB`,
    );
    console.log(
      `prompt ${settings.promptLength} tokens, ${settings.newTokens} new, greedy, median of ${settings.rounds} rounds; ` +
        `${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`,
    );
    console.log('');
    console.log('| runtime | weights | onnx MiB | batch | ttft ms | decode tok/s |');
    console.log('|---|---|---:|---:|---:|---:|');
    const row = (runtime: string, variant: ModelVariant, size: number, runs: DecodeTiming[]) =>
      console.log(`| ${runtime} | ${variant} | ${graphMb(dir, variant).toFixed(0)} | ${size} | ${ttft(runs).toFixed(0)} | ${decodeRate(runs).toFixed(1)} |`);
    row('llmchain', 'fp32', 1, b1);
    row('llmchain', 'fp32', settings.batch, bN);
    row('transformers.js', 'fp32', 1, theirs);
    row('llmchain', 'q8', 1, q8);
    row('llmchain', 'q4', 1, q4);
    console.log(`greedy tokens identical to transformers.js: ${JSON.stringify(b1[0].tokens) === JSON.stringify(theirs[0].tokens) ? 'yes' : 'NO'}`);
    console.log(
      JSON.stringify({
        bench: 'generate_llama',
        layers: settings.layers,
        import_s: Number(importSeconds.toFixed(1)),
        decode_tok_s: {
          llmchain_b1: Number(decodeRate(b1).toFixed(1)),
          [`llmchain_b${settings.batch}`]: Number(decodeRate(bN).toFixed(1)),
          transformers_js_b1: Number(decodeRate(theirs).toFixed(1)),
          llmchain_q8_b1: Number(decodeRate(q8).toFixed(1)),
          llmchain_q4_b1: Number(decodeRate(q4).toFixed(1)),
        },
      }),
    );
  } finally {
    await sessionCache.clear();
    rmSync(root, { recursive: true, force: true });
  }
}
