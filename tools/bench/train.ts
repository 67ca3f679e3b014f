// Training benchmark: nanoGPT's shakespeare_char CPU configuration (4 layers, 4 heads, width 128, context 64,
// batch 12, 2000 steps, no dropout) on tinyshakespeare with a character vocabulary, trained by model-runtime.
// Prints a table, then as the last line {"bench":"train","tokens_per_s":…,"mfu":…,"steps":…,"val_loss":…,"wall_s":…}.
// `--quick` runs a short smoke version in under a minute; `--steps N` overrides the step count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CharVocabulary, GptConfig, initParams, measureMatMulRates, Trainer, TrainingOptions, trainingFlopsPerToken,
} from '@llmchain/model-runtime';

const CORPUS = join(__dirname, '../../../shared/corpora/tinyshakespeare.txt');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const wallStart = performance.now();
  const quick = process.argv.includes('--quick');
  const steps = Number(argValue('--steps') ?? (quick ? 60 : 2000));
  const evalEvery = quick ? 30 : 250;
  const progressEvalBatches = quick ? 10 : 20;

  const text = readFileSync(process.env.TINYSHAKESPEARE ?? CORPUS, 'utf8');
  const vocabulary = CharVocabulary.fromText(text);
  const tokens = vocabulary.encode(text);
  const split = Math.floor(tokens.length * 0.9);
  const train = tokens.subarray(0, split);
  const validation = tokens.subarray(split);

  const config: GptConfig = {
    vocabSize: vocabulary.size, contextLength: 64, nLayer: 4, nHead: 4, nEmbd: 128,
    positional: 'learned', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true,
  };
  // nanoGPT config/train_shakespeare_char.py with its CPU overrides.
  const options: Partial<TrainingOptions> = {
    batchSize: 12, microBatches: 1, seqLen: 64,
    schedule: { maxLr: 1e-3, minLr: 1e-4, warmupSteps: 100, decaySteps: steps },
    beta1: 0.9, beta2: 0.99, weightDecay: 0.1, gradClip: 1, seed: 1337,
  };

  const rates = await measureMatMulRates(quick ? [256, 512] : [256, 512, 1024]);
  const peakGflops = Math.max(...rates.map((r) => r.gflops));

  const trainer = await Trainer.create(config, options, train, initParams(config, 1337));
  const rows: string[][] = [];
  let stepSeconds = 0;
  let recentLoss = 0;
  let recentCount = 0;
  for (let step = 1; step <= steps; step++) {
    const start = performance.now();
    const result = await trainer.trainStep();
    stepSeconds += (performance.now() - start) / 1000;
    recentLoss += result.loss;
    recentCount++;
    if (step % evalEvery === 0 || step === steps) {
      const val = await trainer.evaluate(validation, progressEvalBatches);
      rows.push([String(step), (recentLoss / recentCount).toFixed(4), val.loss.toFixed(4), result.lr.toExponential(2), stepSeconds.toFixed(1)]);
      // Progress goes to stderr so that stdout stays the table plus the final JSON line.
      console.error(`step ${step}/${steps}: train ${rows[rows.length - 1][1]}, val ${rows[rows.length - 1][2]}, ${stepSeconds.toFixed(0)} s`);
      recentLoss = 0;
      recentCount = 0;
    }
  }
  // The smoke run scores a prefix of the held-out split to stay under a minute; the full run scores all of it.
  const finalEval = await trainer.evaluate(validation, quick ? 40 : Infinity);
  await trainer.release();

  const tokensPerStep = options.batchSize! * options.seqLen!;
  const tokensPerSecond = (steps * tokensPerStep) / stepSeconds;
  const achievedGflops = (trainingFlopsPerToken(config, options.seqLen!) * tokensPerSecond) / 1e9;
  const mfu = achievedGflops / peakGflops;
  const wallSeconds = (performance.now() - wallStart) / 1000;

  console.log(`model: ${config.nLayer} layers, ${config.nHead} heads, width ${config.nEmbd}, context ${config.contextLength}, vocab ${config.vocabSize} (characters)`);
  console.log(`onnxruntime MatMul: ${rates.map((r) => `${r.size}^3 ${r.gflops.toFixed(1)} GFLOP/s`).join(', ')}`);
  console.log('');
  console.log('| step | train loss (mean since last row) | val loss (first ' + progressEvalBatches + ' batches) | lr | train time (s) |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log('');
  console.log('| metric | value |');
  console.log('|---|---:|');
  console.log(`| steps | ${steps} |`);
  console.log(`| final val loss (${finalEval.tokens} held-out tokens) | ${finalEval.loss.toFixed(4)} |`);
  console.log(`| val perplexity | ${finalEval.perplexity.toFixed(3)} |`);
  console.log(`| training step time (s) | ${stepSeconds.toFixed(1)} |`);
  console.log(`| wall time, whole run (s) | ${wallSeconds.toFixed(1)} |`);
  console.log(`| tokens/s (training steps) | ${tokensPerSecond.toFixed(0)} |`);
  console.log(`| achieved GFLOP/s (6N + attention) | ${achievedGflops.toFixed(2)} |`);
  console.log(`| peak MatMul GFLOP/s (same run) | ${peakGflops.toFixed(1)} |`);
  console.log(`| MFU | ${(100 * mfu).toFixed(1)}% |`);
  console.log(`| target val loss <= 2.0 | ${finalEval.loss <= 2.0 ? 'met' : 'missed'} |`);
  console.log(JSON.stringify({
    bench: 'train',
    tokens_per_s: Math.round(tokensPerSecond),
    mfu: Number(mfu.toFixed(4)),
    steps,
    val_loss: Number(finalEval.loss.toFixed(4)),
    wall_s: Number(wallSeconds.toFixed(1)),
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
