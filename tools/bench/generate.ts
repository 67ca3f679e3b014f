/**
 * Generation benchmark: time to first token and decode tokens/s of this runtime at batch 1 and 8,
 * against transformers.js generating from the same model directory in the same run, plus size,
 * speed and perplexity of the int8 and 4-bit exports against fp32.
 *
 *   npm run bench:generate [-- --quick] [--corpus path/to/text] [--train-steps N] [--threads N]
 *   npm run bench:generate -- --llama [--layers N] [--quick]
 *   npm run bench:generate -- --constrained [--quick]
 *
 * With --llama: a random-weight model of Qwen2.5-0.5B's shape (all 24 layers unless --layers, 2 with --quick) is
 * written as a Hugging Face directory and imported through importHfModelDirectory, then timed against transformers.js.
 *
 * With --constrained: decode tok/s with and without a JSON-schema constraint (structured outputs), batch 1 and 8.
 *
 * With --profile-step [--capacity N]: onnxruntime's per-operator kernel times of one decode step of the fp32 graph at
 * batch 1, 8 and 16 over a cache of N columns (160 unless given), and what each extra row costs.
 *
 * Prints a table, then as the last line {"bench":"generate","ttft_ms":…,"decode_tok_s":{…}}.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decoderShape, InferenceModel, ModelVariant, modelFilePath, perplexity, sessionCache } from '../../libs/model-runtime/src';
import { benchConfig, benchWeights, exportBenchModel, loadCorpus } from './generate/bench-model';
import { runConstrainedBench } from './generate/constrained-bench';
import { runLlamaBench } from './generate/llama-bench';
import { runStepProfile } from './generate/step-profile';
import { DecodeTiming, timeLlmchain } from './generate/llmchain-timing';
import { VariantFigures, printReport } from './generate/report';
import { median } from './generate/timing';
import { loadWithTransformers, timeTransformers } from './generate/transformers-timing';

const flag = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const quick = process.argv.includes('--quick');
const corpusPath = flag('--corpus') ?? path.resolve(__dirname, '../../../shared/corpora/tinyshakespeare.txt');
const settings = quick
  ? { trainSteps: 10, newTokens: 32, rounds: 3, perplexityWindows: 4 }
  : { trainSteps: 150, newTokens: 128, rounds: 5, perplexityWindows: 40 };
settings.trainSteps = Number(flag('--train-steps') ?? settings.trainSteps);
/** onnxruntime intra-op threads of the fp32 model timed at batch 1 and 8 (the runtime's default, 1, unless given). */
const intraOpThreads = flag('--threads') === undefined ? undefined : Number(flag('--threads'));
const PROMPT_LENGTH = 64;
const BATCH = 8;
const PERPLEXITY_WINDOW = 128;

/** Median time to first token and decode rate over runs; tokens from the first run. */
function summarize(runs: DecodeTiming[]) {
  return {
    ttftMs: median(runs.map((r) => r.ttftMs)),
    decodeTokS: median(runs.map((r) => r.decodeTokS)),
    decodeTokPerCpuS: median(runs.map((r) => r.decodeTokPerCpuS ?? NaN)),
    tokens: runs[0].tokens,
  };
}

/** Runs each measurement once per round after one warm-up round; interleaving spreads outside load evenly. */
async function interleavedRounds(measurements: (() => Promise<DecodeTiming>)[]): Promise<DecodeTiming[][]> {
  const results: DecodeTiming[][] = measurements.map(() => []);
  for (let round = 0; round <= settings.rounds; round++) {
    for (const [i, measure] of measurements.entries()) {
      const timing = await measure();
      if (round > 0) results[i].push(timing);
    }
  }
  return results;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const { tokenizer, train, heldOut } = await loadCorpus(corpusPath);
  if (process.argv.includes('--llama')) {
    const layers = Number(flag('--layers') ?? (quick ? 2 : 24));
    const { newTokens, rounds } = settings;
    await runLlamaBench({ layers, newTokens, rounds, promptLength: PROMPT_LENGTH, batch: BATCH }, tokenizer, heldOut);
    return;
  }
  if (process.argv.includes('--constrained')) {
    await runConstrainedBench({ newTokens: settings.newTokens, rounds: settings.rounds, promptLength: PROMPT_LENGTH, batch: BATCH }, tokenizer, heldOut);
    return;
  }
  const config = benchConfig(tokenizer.vocabSize);
  if (process.argv.includes('--profile-step')) {
    // Kernel times do not depend on the weights: GPT-2's random initialisation, no training.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'llmchain-bench-step-profile-'));
    try {
      exportBenchModel(dir, config, tokenizer, (await benchWeights(config, train, 0)).params, ['fp32']);
      const capacity = Number(flag('--capacity') ?? 160);
      await runStepProfile({ file: modelFilePath(dir, 'fp32', 'decoder_step'), shape: decoderShape({ architecture: 'gpt2', config }), batches: [1, 8, 16], capacity, runs: quick ? 100 : 400 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const weights = await benchWeights(config, train, settings.trainSteps);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llmchain-bench-generate-'));
  try {
    exportBenchModel(dir, config, tokenizer, weights.params, ['fp32', 'q8', 'q4']);
    const promptAt = (offset: number, length: number) => Array.from(heldOut.subarray(offset, offset + length));
    const single = [promptAt(0, PROMPT_LENGTH)];
    // Uneven lengths, so the batch exercises left padding as continuous batching will.
    const batch = Array.from({ length: BATCH }, (_, i) => promptAt(1000 * (i + 1), PROMPT_LENGTH - 3 * i));
    const { newTokens } = settings;

    const model = await InferenceModel.load(dir, { intraOpThreads });
    const hfModel = await loadWithTransformers(dir);
    const [b1, b8, transformersB1] = (
      await interleavedRounds([
        () => timeLlmchain(model, single, newTokens),
        () => timeLlmchain(model, batch, newTokens),
        () => timeTransformers(hfModel, single, newTokens),
      ])
    ).map(summarize);
    await hfModel.dispose();

    const variantNames: ModelVariant[] = ['fp32', 'q8', 'q4'];
    const variantModels = await Promise.all(variantNames.map((variant) => InferenceModel.load(dir, { variant })));
    const variantRuns = await interleavedRounds(variantModels.map((m) => () => timeLlmchain(m, single, newTokens)));
    const heldOutWindows = heldOut.subarray(0, settings.perplexityWindows * PERPLEXITY_WINDOW);
    const variants: VariantFigures[] = [];
    for (const [i, variant] of variantNames.entries()) {
      variants.push({
        variant,
        sizeMb: statSync(modelFilePath(dir, variant)).size / 2 ** 20,
        decodeTokS: summarize(variantRuns[i]).decodeTokS,
        perplexity: (await perplexity(variantModels[i], heldOutWindows, PERPLEXITY_WINDOW)).perplexity,
      });
    }

    const trained = settings.trainSteps
      ? `byte-level BPE (libs/tokenizer), trained ${settings.trainSteps} steps on ${path.basename(corpusPath)} ` +
        `(${weights.trainSeconds.toFixed(1)} s, last loss ${weights.finalLoss.toFixed(3)})`
      : 'byte-level BPE (libs/tokenizer), random weights';
    printReport({
      config,
      modelNote: trained,
      runNote:
        `prompt ${PROMPT_LENGTH} tokens (batch ${BATCH}: ${PROMPT_LENGTH - 3 * (BATCH - 1)}..${PROMPT_LENGTH}), ` +
        `${newTokens} new tokens, greedy, median of ${settings.rounds} interleaved rounds${quick ? ' (--quick)' : ''}, ` +
        `${intraOpThreads ?? 1} intra-op thread(s); ` +
        `${os.cpus().length} CPUs, 1-min load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`,
      batch: BATCH,
      llmchainB1: b1,
      llmchainB8: b8,
      transformersB1,
      tokensAgree: JSON.stringify(b1.tokens) === JSON.stringify(transformersB1.tokens),
      variants,
      perplexityNote: `perplexity per BPE token over ${settings.perplexityWindows} held-out windows of ${PERPLEXITY_WINDOW} tokens`,
    });
  } finally {
    await sessionCache.clear();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
