// bench:lora, training part: LoRA fine-tuning of a Llama-shaped base (random weights) against a full fine-tune of the
// same shape. Each method runs in its own child process so that its peak RSS is its own; the parent prints a table
// and the JSON line {"bench":"lora_training",...}. `--quick` runs a smaller shape for a smoke test.
import { execFileSync } from 'node:child_process';
import {
  defaultTargetModules, LlamaConfig, llamaParamShapes, ModelParams, Rng, Trainer, TrainingModelSpec, TrainingOptions,
} from '@llmchain/model-runtime';

export interface LoraTrainingMeasurement {
  method: 'lora' | 'full';
  trainableParams: number;
  tokensPerSecond: number;
  peakRssMiB: number;
  firstLoss: number;
  lastLoss: number;
}

export type BenchShape = 'quick' | 'default' | 'qwen2.5-0.5b';

function benchShape(shape: BenchShape): { config: LlamaConfig; options: Partial<TrainingOptions>; steps: number } {
  const schedule = { maxLr: 1e-3, minLr: 1e-4, warmupSteps: 2, decaySteps: 100 };
  if (shape === 'qwen2.5-0.5b') {
    // Qwen2.5-0.5B's config.json: 24 layers, width 896, 14 heads / 2 kv heads, MLP 4864, vocab 151,936, tied, biases.
    const config: LlamaConfig = {
      family: 'qwen2', vocabSize: 151_936, contextLength: 32_768, nLayer: 24, nHead: 14, nKvHead: 2, hiddenSize: 896,
      headDim: 64, intermediateSize: 4864, rmsNormEps: 1e-6, ropeTheta: 1_000_000, attentionBias: true, tieEmbeddings: true,
    };
    return { config, options: { batchSize: 1, seqLen: 128, schedule, seed: 1 }, steps: 2 };
  }
  const quick = shape === 'quick';
  const config: LlamaConfig = {
    family: 'llama', vocabSize: quick ? 1024 : 4096, contextLength: 256, nLayer: quick ? 2 : 6, nHead: 8, nKvHead: 4,
    hiddenSize: quick ? 128 : 384, headDim: quick ? 16 : 48, intermediateSize: quick ? 352 : 1024, rmsNormEps: 1e-5,
    ropeTheta: 500_000, attentionBias: false, tieEmbeddings: false,
  };
  return { config, options: { batchSize: 4, seqLen: 128, schedule, seed: 1 }, steps: quick ? 4 : 12 };
}

function randomBase(config: LlamaConfig): ModelParams {
  const rng = new Rng(7);
  const params: ModelParams = new Map();
  for (const [name, shape] of llamaParamShapes(config)) {
    const count = shape.reduce((a, b) => a * b, 1);
    params.set(name, Float32Array.from({ length: count }, () => (name.endsWith('norm.weight') ? 1 : rng.normal() * 0.02)));
  }
  return params;
}

/** One method in this process: a warm-up step, then `steps` timed steps. */
export async function measureInProcess(method: 'lora' | 'full', shape: BenchShape): Promise<LoraTrainingMeasurement> {
  const { config, options, steps } = benchShape(shape);
  const model = { architecture: 'llama', config } as const;
  const spec: TrainingModelSpec = {
    model,
    lora: method === 'lora' ? { r: 8, alpha: 16, dropout: 0.05, targetModules: defaultTargetModules(model) } : undefined,
  };
  const rng = new Rng(3);
  const tokens = Int32Array.from({ length: 200_000 }, () => rng.nextInt(config.vocabSize));
  const trainer = await Trainer.create(spec, options, tokens, randomBase(config));
  const firstLoss = (await trainer.trainStep()).loss;
  const start = performance.now();
  let lastLoss = firstLoss;
  for (let i = 0; i < steps; i++) lastLoss = (await trainer.trainStep()).loss;
  const seconds = (performance.now() - start) / 1000;
  await trainer.release();
  const shapes = trainer.model.spec.lora ? trainer.model.adapterShapes : trainer.model.baseShapes;
  return {
    method,
    trainableParams: [...shapes.values()].reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0),
    tokensPerSecond: (steps * options.batchSize! * options.seqLen!) / seconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    firstLoss,
    lastLoss,
  };
}

/** Runs each method in a child process (this file's entry with --child) and returns their measurements. */
export function measureLoraTraining(entry: string, shape: BenchShape, methods: ('lora' | 'full')[]): LoraTrainingMeasurement[] {
  return methods.map((method) => {
    const args = ['-r', '@swc-node/register', entry, '--child', method, '--shape', shape];
    const output = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(output.trim().split('\n').pop()!) as LoraTrainingMeasurement;
  });
}

export function describeShape(shape: BenchShape): string {
  const { config, options, steps } = benchShape(shape);
  return `${config.family}-shaped (${shape}), random weights: ${config.nLayer} layers, width ${config.hiddenSize}, ${config.nHead} heads / ${config.nKvHead} kv heads, ` +
    `MLP ${config.intermediateSize}, vocab ${config.vocabSize}, ${config.tieEmbeddings ? 'tied' : 'untied'}; batch ${options.batchSize} x ${options.seqLen} tokens, ${steps} timed steps after 1 warm-up; LoRA r 8 on all 7 projections`;
}
