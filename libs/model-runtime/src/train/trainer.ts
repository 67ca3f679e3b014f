import * as ort from 'onnxruntime-node';
import { InvalidInputError, TrainingConfigError } from '../errors';
import { GptConfig } from '../model/config';
import { ModelParams } from '../model/params';
import { Rng } from '../model/rng';
import { assertTokenIds } from '../model/token-batch';
import { createCpuSession } from '../onnx/cpu-session';
import { initLoraParams, loraAdapterFromParams } from '../lora/lora-graph';
import { writePeftAdapter } from '../lora/peft-files';
import { asTrainingData, BatchSampler, TokenBatch, TrainingData } from './batch-sampler';
import { CheckpointData, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { drawDropoutMasks } from './dropout-masks';
import { EvaluationResult, LossEvaluator } from './loss-evaluator';
import { learningRateAt } from './lr-schedule';
import { flattenParams, unflattenParams } from './flat-state';
import {
  accumulatorName, BIAS_CORRECTION1, BIAS_CORRECTION2, GRAD_NORM, GRAD_SCALE, INPUT_IDS, LOSS, LOSS_WEIGHTS, LR, MOMENTS,
  nextName, TARGETS, VELOCITIES,
} from './state-names';
import { buildAccumulateGraph, buildApplyGraph, buildFusedStepGraph } from './step-graphs';
import { TrainingModel, trainingModel, TrainingModelSpec } from './training-model';
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

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function toTensors(model: TrainingModel, values: ModelParams, names: string[]): TensorMap {
  return new Map(names.map((name) => [name, new ort.Tensor('float32', values.get(name)!, model.paramShapes.get(name)!)]));
}

function zeros(model: TrainingModel, names: string[]): ModelParams {
  return new Map(names.map((name) => [name, new Float32Array(size(model.paramShapes.get(name)!))]));
}

function flatTensor(values: Float32Array): ort.Tensor {
  return new ort.Tensor('float32', values, [values.length]);
}

function toArrays(tensors: TensorMap, names: string[]): ModelParams {
  return new Map(names.map((name) => [name, Float32Array.from(tensors.get(name)!.data as Float32Array)]));
}

const asSpec = (model: GptConfig | TrainingModelSpec): TrainingModelSpec =>
  'model' in model ? model : { model: { architecture: 'gpt2', config: model } };

/**
 * Trains a decoder (GPT-2 or Llama family; whole, or a LoRA adapter on a frozen base) with onnxruntime sessions.
 * Parameters and Adam moments live as ort Tensors: each step's outputs are the next step's inputs as they come, with
 * no conversion through JavaScript arrays. The moments are one flat vector over the trainable parameters; checkpoints
 * store them per parameter. A LoRA run's base is fed unchanged to every step and never checkpointed.
 */
export class Trainer {
  private evaluator?: LossEvaluator;
  private lastLr = 0;

  private constructor(
    readonly model: TrainingModel,
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

  /**
   * A new run. `model` is a GPT-2 config (trained whole, as before) or a TrainingModelSpec (either architecture,
   * optionally with `lora`). `initialParams` holds the base's parameters (initParams for a new GPT-2, or loaded
   * weights); a LoRA run's adapter starts as PEFT initialises it unless `initialParams` holds its tensors too.
   */
  static async create(
    model: GptConfig | TrainingModelSpec,
    options: Partial<TrainingOptions>,
    data: Int32Array | TrainingData,
    initialParams: ModelParams,
  ): Promise<Trainer> {
    const full = { ...DEFAULT_TRAINING_OPTIONS, ...options };
    const spec = asSpec(model);
    const definition = trainingModel(spec);
    const params = new Map(initialParams);
    if (spec.lora) {
      // A generator of its own: seeded like the sampler, A's draws would mirror the batch offsets.
      const initSeed = (full.seed ^ 0x10a4a) >>> 0;
      for (const [name, value] of initLoraParams(definition.adaptedProjections, spec.lora.r, initSeed)) if (!params.has(name)) params.set(name, value);
    }
    const trainable = trainableParamNames(definition, full);
    return Trainer.build({
      spec,
      options: full,
      step: 0,
      lastLr: 0,
      params,
      moments: zeros(definition, trainable),
      velocities: zeros(definition, trainable),
      sampler: { rngState: full.seed >>> 0, cursor: 0 },
      dropoutRngState: (full.seed ^ 0x9e3779b9) >>> 0,
    }, asTrainingData(data));
  }

  /**
   * Continues the run saved in a checkpoint, on the same (or, to fine-tune, different) training data. A LoRA run's
   * checkpoint holds only the adapter: `baseParams` supplies the same frozen base again.
   */
  static async resume(checkpointPath: string, data: Int32Array | TrainingData, baseParams?: ModelParams): Promise<Trainer> {
    const checkpoint = loadCheckpoint(checkpointPath);
    if (checkpoint.spec.lora) {
      if (!baseParams) throw new TrainingConfigError('resuming a LoRA run needs its base parameters');
      checkpoint.params = new Map([...baseParams, ...checkpoint.params]);
    }
    return Trainer.build(checkpoint, asTrainingData(data));
  }

  private static async build(data: CheckpointData, trainingData: TrainingData): Promise<Trainer> {
    const { options } = data;
    const model = trainingModel(data.spec);
    validateTrainingOptions(model, options);
    assertTokenIds(model, trainingData.tokens);
    for (const [name, shape] of model.paramShapes) {
      if (data.params.get(name)?.length !== size(shape)) {
        throw new InvalidInputError(`initial parameter ${name} is missing or not of shape [${shape}]`);
      }
    }
    const weighted = trainingData.lossWeights !== undefined;
    const trainable = trainableParamNames(model, options);
    const sessions: Sessions =
      options.microBatches === 1
        ? { fused: await createCpuSession(buildFusedStepGraph(model, options, weighted)) }
        : {
            accumulate: await createCpuSession(buildAccumulateGraph(model, options, weighted)),
            apply: await createCpuSession(buildApplyGraph(model, options)),
          };
    const microBatch = options.batchSize / options.microBatches;
    const trainer = new Trainer(
      model,
      options,
      sessions,
      toTensors(model, data.params, [...model.paramShapes.keys()]),
      trainable,
      flatTensor(flattenParams(data.moments, trainable)),
      flatTensor(flattenParams(data.velocities, trainable)),
      data.step,
      new BatchSampler(trainingData.tokens, microBatch, options.seqLen, data.sampler, trainingData.lossWeights),
      Rng.fromState(data.dropoutRngState),
      toTensors(model, zeros(model, trainable), trainable),
    );
    trainer.lastLr = data.lastLr;
    return trainer;
  }

  /** The GPT-2 config of a GPT-2 run (the shape checks of callers that only train GPT-2). */
  get config(): GptConfig {
    if (this.model.spec.model.architecture !== 'gpt2') throw new TrainingConfigError('this run does not train a GPT-2 model');
    return this.model.spec.model.config;
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

  /** Loss and perplexity of the current parameters on held-out data (weighted when it carries loss weights). */
  async evaluate(data: Int32Array | TrainingData, maxBatches = Infinity): Promise<EvaluationResult> {
    this.evaluator ??= await LossEvaluator.create(this.model, this.options.batchSize, this.options.seqLen);
    return this.evaluator.evaluate(this.params, data, maxBatches);
  }

  /**
   * Loss of the current parameters through `evaluator` (built for its own batch shape), read in place: unlike
   * currentParams() it copies nothing, which matters with LoRA, whose frozen base may be gigabytes.
   */
  evaluateWith(evaluator: LossEvaluator, data: Int32Array | TrainingData, maxBatches = Infinity): Promise<EvaluationResult> {
    return evaluator.evaluate(this.params, data, maxBatches);
  }

  /** A copy of the current parameters (the base's and, with LoRA, the adapter's). */
  currentParams(): ModelParams {
    return toArrays(this.params, [...this.model.paramShapes.keys()]);
  }

  /** Writes the trained LoRA adapter as PEFT files (adapter_config.json, adapter_model.safetensors) into `dir`. */
  exportAdapter(dir: string, baseModelNameOrPath = ''): void {
    const lora = this.model.spec.lora;
    if (!lora) throw new TrainingConfigError('this run trains the whole model, not a LoRA adapter');
    const params = toArrays(this.params, [...this.model.adapterShapes.keys()]);
    writePeftAdapter(dir, loraAdapterFromParams(this.model.adaptedProjections, lora, params, baseModelNameOrPath));
  }

  saveCheckpoint(path: string): void {
    saveCheckpoint(path, {
      spec: this.model.spec,
      options: this.options,
      step: this.completedSteps,
      lastLr: this.lastLr,
      params: toArrays(this.params, this.model.checkpointedNames),
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
    const sizes = this.trainable.map((name) => size(this.model.paramShapes.get(name)!));
    return unflattenParams(flat.data as Float32Array, this.trainable, sizes);
  }

  private batchFeeds(): Record<string, ort.Tensor> {
    const batch: TokenBatch = this.sampler.next();
    const dims = [batch.batch, batch.seqLen];
    const feeds: Record<string, ort.Tensor> = {
      [INPUT_IDS]: new ort.Tensor('int64', batch.inputIds, dims),
      [TARGETS]: new ort.Tensor('int64', batch.targets, dims),
    };
    if (batch.weights) feeds[LOSS_WEIGHTS] = new ort.Tensor('float32', batch.weights, dims);
    Object.assign(feeds, drawDropoutMasks(this.model.dropoutSites(batch.batch, batch.seqLen), this.dropoutRng));
    return feeds;
  }
}
