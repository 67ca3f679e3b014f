import * as ort from 'onnxruntime-node';
import { InvalidInputError } from '../errors';
import { GptConfig, validateConfig } from '../model/config';
import { dropoutSites } from '../model/gpt-graph';
import { ModelParams, paramShapes } from '../model/params';
import { Rng } from '../model/rng';
import { assertTokenIds } from '../model/token-batch';
import { createCpuSession } from '../onnx/cpu-session';
import { BatchSampler, TokenBatch } from './batch-sampler';
import { CheckpointData, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { drawDropoutMasks } from './dropout-masks';
import { EvaluationResult, LossEvaluator } from './loss-evaluator';
import { learningRateAt } from './lr-schedule';
import { flattenParams, unflattenParams } from './flat-state';
import {
  accumulatorName, BIAS_CORRECTION1, BIAS_CORRECTION2, GRAD_NORM, GRAD_SCALE, INPUT_IDS, LOSS, LR, MOMENTS,
  nextName, TARGETS, VELOCITIES,
} from './state-names';
import { buildAccumulateGraph, buildApplyGraph, buildFusedStepGraph } from './step-graphs';
import { DEFAULT_TRAINING_OPTIONS, trainableParamNames, TrainingOptions, validateTrainingOptions } from './training-options';

export interface StepResult {
  /** Optimizer steps completed after this one. */
  step: number;
  loss: number;
  gradNorm: number;
  lr: number;
}

type TensorMap = Map<string, ort.Tensor>;

interface Sessions {
  fused?: ort.InferenceSession;
  accumulate?: ort.InferenceSession;
  apply?: ort.InferenceSession;
}

function toTensors(config: GptConfig, values: ModelParams, names: string[]): TensorMap {
  const shapes = paramShapes(config);
  return new Map(names.map((name) => [name, new ort.Tensor('float32', values.get(name)!, shapes.get(name)!)]));
}

function zeros(config: GptConfig, names: string[]): ModelParams {
  const shapes = paramShapes(config);
  return new Map(names.map((name) => [name, new Float32Array(shapes.get(name)!.reduce((a, b) => a * b, 1))]));
}

function flatTensor(values: Float32Array): ort.Tensor {
  return new ort.Tensor('float32', values, [values.length]);
}

function toArrays(tensors: TensorMap): ModelParams {
  return new Map([...tensors].map(([name, t]) => [name, Float32Array.from(t.data as Float32Array)]));
}

/**
 * Trains a GPT with onnxruntime sessions. Parameters and Adam moments live as ort Tensors: each step's outputs are
 * the next step's inputs as they come, with no conversion through JavaScript arrays. The moments are one flat vector
 * over the trainable parameters (paramShapes order); checkpoints store them per parameter.
 */
export class Trainer {
  private evaluator?: LossEvaluator;
  private lastLr = 0;

  private constructor(
    readonly config: GptConfig,
    readonly options: TrainingOptions,
    private readonly sessions: Sessions,
    private readonly params: TensorMap,
    private readonly trainable: string[],
    private moments: ort.Tensor,
    private velocities: ort.Tensor,
    private completedSteps: number,
    private readonly sampler: BatchSampler,
    private readonly dropoutRng: Rng,
    private readonly zeroAccumulators: TensorMap,
  ) {}

  /** A new run from `initialParams`: `initParams(config, seed)` for a new model, or loaded weights to fine-tune. */
  static async create(
    config: GptConfig,
    options: Partial<TrainingOptions>,
    trainTokens: Int32Array,
    initialParams: ModelParams,
  ): Promise<Trainer> {
    const full = { ...DEFAULT_TRAINING_OPTIONS, ...options };
    const trainable = trainableParamNames(config, full);
    return Trainer.build({
      config,
      options: full,
      step: 0,
      lastLr: 0,
      params: initialParams,
      moments: zeros(config, trainable),
      velocities: zeros(config, trainable),
      sampler: { rngState: full.seed >>> 0, cursor: 0 },
      dropoutRngState: (full.seed ^ 0x9e3779b9) >>> 0,
    }, trainTokens);
  }

  /** Continues the run saved in a checkpoint, on the same (or, to fine-tune, different) training tokens. */
  static async resume(checkpointPath: string, trainTokens: Int32Array): Promise<Trainer> {
    return Trainer.build(loadCheckpoint(checkpointPath), trainTokens);
  }

  private static async build(data: CheckpointData, trainTokens: Int32Array): Promise<Trainer> {
    const { config, options } = data;
    validateConfig(config);
    validateTrainingOptions(config, options);
    assertTokenIds(config, trainTokens);
    for (const [name, shape] of paramShapes(config)) {
      const size = shape.reduce((a, b) => a * b, 1);
      if (data.params.get(name)?.length !== size) {
        throw new InvalidInputError(`initial parameter ${name} is missing or not of shape [${shape}]`);
      }
    }
    const trainable = trainableParamNames(config, options);
    const sessions: Sessions =
      options.microBatches === 1
        ? { fused: await createCpuSession(buildFusedStepGraph(config, options)) }
        : {
            accumulate: await createCpuSession(buildAccumulateGraph(config, options)),
            apply: await createCpuSession(buildApplyGraph(config, options)),
          };
    const microBatch = options.batchSize / options.microBatches;
    const trainer = new Trainer(
      config,
      options,
      sessions,
      toTensors(config, data.params, [...paramShapes(config).keys()]),
      trainable,
      flatTensor(flattenParams(data.moments, trainable)),
      flatTensor(flattenParams(data.velocities, trainable)),
      data.step,
      new BatchSampler(trainTokens, microBatch, options.seqLen, data.sampler),
      Rng.fromState(data.dropoutRngState),
      toTensors(config, zeros(config, trainable), trainable),
    );
    trainer.lastLr = data.lastLr;
    return trainer;
  }

  get step(): number {
    return this.completedSteps;
  }

  /** One optimizer step: one session run, or microBatches accumulate runs plus one apply run. */
  async trainStep(): Promise<StepResult> {
    const t = this.completedSteps;
    const { beta1, beta2, microBatches } = this.options;
    const lr = learningRateAt(this.options.schedule, t);
    const scalars: Record<string, ort.Tensor> = {
      [LR]: new ort.Tensor('float32', Float32Array.of(lr), []),
      [BIAS_CORRECTION1]: new ort.Tensor('float32', Float32Array.of(1 / (1 - beta1 ** (t + 1))), []),
      [BIAS_CORRECTION2]: new ort.Tensor('float32', Float32Array.of(1 / (1 - beta2 ** (t + 1))), []),
    };
    let loss: number;
    let outputs: ort.InferenceSession.OnnxValueMapType;
    if (microBatches === 1) {
      outputs = await this.sessions.fused!.run({ ...this.paramFeeds(), ...this.optimizerFeeds(), ...this.batchFeeds(), ...scalars });
      loss = (outputs[LOSS].data as Float32Array)[0];
    } else {
      let sums = this.zeroAccumulators;
      let lossSum = 0;
      for (let k = 0; k < microBatches; k++) {
        const feeds: Record<string, ort.Tensor> = { ...this.paramFeeds(), ...this.batchFeeds() };
        for (const [name, sum] of sums) feeds[accumulatorName(name)] = sum;
        const out = await this.sessions.accumulate!.run(feeds);
        lossSum += (out[LOSS].data as Float32Array)[0];
        sums = new Map([...sums.keys()].map((name) => [name, out[nextName(accumulatorName(name))]]));
      }
      const feeds: Record<string, ort.Tensor> = { ...this.optimizerFeeds(), ...scalars };
      for (const [name, sum] of sums) feeds[accumulatorName(name)] = sum;
      feeds[GRAD_SCALE] = new ort.Tensor('float32', Float32Array.of(1 / microBatches), []);
      outputs = await this.sessions.apply!.run(feeds);
      loss = lossSum / microBatches;
    }
    for (const name of this.trainable) this.params.set(name, outputs[nextName(name)]);
    this.moments = outputs[nextName(MOMENTS)];
    this.velocities = outputs[nextName(VELOCITIES)];
    this.completedSteps++;
    this.lastLr = lr;
    return { step: this.completedSteps, loss, gradNorm: (outputs[GRAD_NORM].data as Float32Array)[0], lr };
  }

  /** Loss and perplexity of the current parameters on held-out tokens. */
  async evaluate(tokens: Int32Array, maxBatches = Infinity): Promise<EvaluationResult> {
    this.evaluator ??= await LossEvaluator.create(this.config, this.options.batchSize, this.options.seqLen);
    return this.evaluator.evaluate(this.params, tokens, maxBatches);
  }

  /** A copy of the current parameters. */
  currentParams(): ModelParams {
    return toArrays(this.params);
  }

  saveCheckpoint(path: string): void {
    saveCheckpoint(path, {
      config: this.config,
      options: this.options,
      step: this.completedSteps,
      lastLr: this.lastLr,
      params: toArrays(this.params),
      moments: this.unflatten(this.moments),
      velocities: this.unflatten(this.velocities),
      sampler: this.sampler.state(),
      dropoutRngState: this.dropoutRng.getState(),
    });
  }

  async release(): Promise<void> {
    await Promise.all([
      ...Object.values(this.sessions).map((s: ort.InferenceSession) => s.release()),
      this.evaluator?.release(),
    ]);
  }

  private paramFeeds(): Record<string, ort.Tensor> {
    return Object.fromEntries(this.params);
  }

  private optimizerFeeds(): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = { [MOMENTS]: this.moments, [VELOCITIES]: this.velocities };
    for (const name of this.trainable) feeds[name] = this.params.get(name)!;
    return feeds;
  }

  private unflatten(flat: ort.Tensor): ModelParams {
    const shapes = paramShapes(this.config);
    const sizes = this.trainable.map((name) => shapes.get(name)!.reduce((a, b) => a * b, 1));
    return unflattenParams(flat.data as Float32Array, this.trainable, sizes);
  }

  private batchFeeds(): Record<string, ort.Tensor> {
    const batch: TokenBatch = this.sampler.next();
    const dims = [batch.batch, batch.seqLen];
    const feeds: Record<string, ort.Tensor> = {
      [INPUT_IDS]: new ort.Tensor('int64', batch.inputIds, dims),
      [TARGETS]: new ort.Tensor('int64', batch.targets, dims),
    };
    if (this.config.dropout > 0) {
      Object.assign(feeds, drawDropoutMasks(dropoutSites(this.config, batch.batch, batch.seqLen), this.config.dropout, this.dropoutRng));
    }
    return feeds;
  }
}
