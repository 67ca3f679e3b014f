/**
 * Generation benchmark: time to first token and decode tokens/s of this runtime at batch 1 and 8,
 * against transformers.js generating from the same model directory in the same run, plus size,
 * speed and perplexity of the int8 and 4-bit exports against fp32.
 *
 *   npm run bench:generate [-- --quick] [-- --corpus path/to/text]
 *
 * Prints a table, then as the last line {"bench":"generate","ttft_ms":…,"decode_tok_s":{…}}.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { InferenceModel, ModelVariant, modelFilePath, perplexity, sessionCache } from '../../libs/model-runtime/src';
import { temporaryDirectory } from '../../libs/model-runtime/src/inference/testing/model-directory-fixture';
import { BENCH_CONFIG, benchWeights, exportBenchModel, loadCorpus } from './generate/bench-model';
import { DecodeTiming, timeLlmchain } from './generate/llmchain-timing';
import { median, repeat } from './generate/timing';
import { loadWithTransformers, timeTransformers } from './generate/transformers-timing';

const quick = process.argv.includes('--quick');
const corpusFlag = process.argv.indexOf('--corpus');
const corpusPath =
  corpusFlag >= 0 ? process.argv[corpusFlag + 1] : path.resolve(__dirname, '../../../shared/corpora/tinyshakespeare.txt');

const settings = quick
  ? { trainSteps: 10, newTokens: 32, repetitions: 1, perplexityWindows: 4 }
  : { trainSteps: 200, newTokens: 128, repetitions: 3, perplexityWindows: 40 };
const PROMPT_LENGTH = 64;
const BATCH = 8;
const PERPLEXITY_WINDOW = 128;

function summarize(runs: DecodeTiming[]): { ttftMs: number; decodeTokS: number; tokens: number[][] } {
  return {
    ttftMs: median(runs.map((r) => r.ttftMs)),
    decodeTokS: median(runs.map((r) => r.decodeTokS)),
    tokens: runs[0].tokens,
  };
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const { train, heldOut } = loadCorpus(corpusPath);
  const weights = await benchWeights(train, settings.trainSteps);
  const { dir, remove } = temporaryDirectory('llmchain-bench-generate-');
  try {
    exportBenchModel(dir, weights.params, ['fp32', 'q8', 'q4']);
    const promptAt = (offset: number, length: number) => Array.from(heldOut.subarray(offset, offset + length));
    const single = [promptAt(0, PROMPT_LENGTH)];
    // Uneven lengths, so the batch exercises left padding as continuous batching will.
    const batch = Array.from({ length: BATCH }, (_, i) => promptAt(1000 * (i + 1), PROMPT_LENGTH - 3 * i));
    const { newTokens, repetitions } = settings;

    const model = await InferenceModel.load(dir);
    const llmchainB1 = summarize(await repeat(repetitions, () => timeLlmchain(model, single, newTokens)));
    const llmchainB8 = summarize(await repeat(repetitions, () => timeLlmchain(model, batch, newTokens)));
    const hfModel = await loadWithTransformers(dir);
    const transformersB1 = summarize(await repeat(repetitions, () => timeTransformers(hfModel, single, newTokens)));
    const tokensAgree = JSON.stringify(llmchainB1.tokens) === JSON.stringify(transformersB1.tokens);
    await hfModel.dispose();

    const variants: { variant: ModelVariant; sizeMb: number; decodeTokS: number; perplexity: number }[] = [];
    const heldOutWindowed = heldOut.subarray(0, settings.perplexityWindows * PERPLEXITY_WINDOW);
    for (const variant of ['fp32', 'q8', 'q4'] as ModelVariant[]) {
      const variantModel = await InferenceModel.load(dir, { variant });
      const timing = summarize(await repeat(repetitions, () => timeLlmchain(variantModel, single, newTokens)));
      variants.push({
        variant,
        sizeMb: statSync(modelFilePath(dir, variant)).size / 2 ** 20,
        decodeTokS: timing.decodeTokS,
        perplexity: (await perplexity(variantModel, heldOutWindowed, PERPLEXITY_WINDOW)).perplexity,
      });
    }

    const c = BENCH_CONFIG;
    console.log(
      `model: ${c.nLayer} layers, width ${c.nEmbd}, ${c.nHead} heads, context ${c.contextLength}, vocab ${c.vocabSize} (bytes)` +
        (settings.trainSteps
          ? `, trained ${settings.trainSteps} steps on ${path.basename(corpusPath)} (${round(weights.trainSeconds)} s, last loss ${round(weights.finalLoss, 3)})`
          : ', random weights'),
    );
    console.log(`prompt ${PROMPT_LENGTH} tokens, ${newTokens} new tokens, greedy, median of ${repetitions}${quick ? ' (--quick)' : ''}`);
    console.log('');
    console.log('| runtime          | batch | ttft ms | decode tok/s |');
    console.log('|------------------|-------|---------|--------------|');
    const row = (name: string, b: number, t: { ttftMs: number; decodeTokS: number }) =>
      console.log(`| ${name.padEnd(16)} | ${String(b).padStart(5)} | ${t.ttftMs.toFixed(1).padStart(7)} | ${t.decodeTokS.toFixed(1).padStart(12)} |`);
    row('llmchain', 1, llmchainB1);
    row('llmchain', BATCH, llmchainB8);
    row('transformers.js', 1, transformersB1);
    console.log('');
    console.log(`llmchain b1 / transformers.js b1 decode: ${(llmchainB1.decodeTokS / transformersB1.decodeTokS).toFixed(2)}x (target >= 1)`);
    console.log(`llmchain b8 / b1 aggregate decode: ${(llmchainB8.decodeTokS / llmchainB1.decodeTokS).toFixed(2)}x (target >= 4)`);
    console.log(`greedy tokens identical to transformers.js: ${tokensAgree ? 'yes' : 'NO'}`);
    console.log('');
    console.log('| weights | onnx MB | decode tok/s b1 | held-out perplexity |');
    console.log('|---------|---------|-----------------|---------------------|');
    for (const v of variants) {
      console.log(`| ${v.variant.padEnd(7)} | ${v.sizeMb.toFixed(2).padStart(7)} | ${v.decodeTokS.toFixed(1).padStart(15)} | ${v.perplexity.toFixed(3).padStart(19)} |`);
    }
    console.log(`perplexity over ${settings.perplexityWindows} held-out windows of ${PERPLEXITY_WINDOW} tokens`);
    console.log(
      JSON.stringify({
        bench: 'generate',
        ttft_ms: round(llmchainB1.ttftMs, 2),
        decode_tok_s: {
          llmchain_b1: round(llmchainB1.decodeTokS),
          llmchain_b8: round(llmchainB8.decodeTokS),
          transformers_js_b1: round(transformersB1.decodeTokS),
        },
      }),
    );
  } finally {
    await sessionCache.clear();
    remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
