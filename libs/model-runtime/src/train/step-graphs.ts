import { AutodiffGraph } from '../autodiff/autodiff-graph';
import { gradients } from '../autodiff/backward';
import { sizeOf, Tensor } from '../autodiff/tensor';
import { languageModelLoss, weightedLanguageModelLoss } from '../model/gpt-graph';
import {
  accumulatorName, BIAS_CORRECTION1, BIAS_CORRECTION2, GRAD_NORM, GRAD_SCALE, INPUT_IDS, LOSS, LOSS_WEIGHTS, LR, MOMENTS,
  nextName, TARGETS, VELOCITIES,
} from './state-names';
import { TrainingModel } from './training-model';
import { trainableParamNames, TrainingOptions } from './training-options';

/**
 * The ONNX graphs of training. With one micro-batch a whole optimizer step (forward, loss, backward, clipping, AdamW)
 * is the fused step graph, one session run. With gradient accumulation, the accumulate graph adds one micro-batch's
 * gradients into running sums and the apply graph turns the sums into an update. Only trainable parameters are
 * differentiated; the others (a LoRA run's frozen base) are plain inputs with no gradient and no optimizer state.
 * `weighted` graphs take per-target loss weights (completion-only loss).
 */
interface LossAndGradients {
  params: Map<string, Tensor>;
  loss: Tensor;
  grads: Map<string, Tensor>;
}

/** The loss of `model` on a batch: inputs, targets and, when weighted, per-target loss weights. */
function emitLoss(g: AutodiffGraph, model: TrainingModel, params: Map<string, Tensor>, batch: number, seqLen: number, weighted: boolean, masks?: Map<string, Tensor>): Tensor {
  const inputIds = g.input(INPUT_IDS, 'int64', [batch, seqLen]);
  const targets = g.input(TARGETS, 'int64', [batch, seqLen]);
  const logits = model.logits(g, params, inputIds, masks);
  return weighted
    ? weightedLanguageModelLoss(g, logits, targets, g.input(LOSS_WEIGHTS, 'float32', [batch, seqLen]))
    : languageModelLoss(g, logits, targets);
}

function paramInputs(g: AutodiffGraph, model: TrainingModel): Map<string, Tensor> {
  return new Map([...model.paramShapes].map(([name, shape]) => [name, g.input(name, 'float32', shape)]));
}

function emitLossAndGradients(g: AutodiffGraph, model: TrainingModel, options: TrainingOptions, weighted: boolean): LossAndGradients {
  const batch = options.batchSize / options.microBatches;
  const params = paramInputs(g, model);
  const masks = new Map<string, Tensor>();
  for (const site of model.dropoutSites(batch, options.seqLen)) masks.set(site.name, g.input(site.name, 'float32', site.shape));
  const loss = emitLoss(g, model, params, batch, options.seqLen, weighted, masks);
  const trainable = trainableParamNames(model, options);
  const gradList = gradients(g, loss, trainable.map((name) => params.get(name)!));
  return { params, loss, grads: new Map(trainable.map((name, i) => [name, gradList[i]])) };
}

/**
 * Global-norm clipping then AdamW with decoupled weight decay, on all trainable parameters flattened into one vector
 * (a few elementwise passes in total rather than a dozen tiny nodes per parameter). Scalar factors are combined once:
 *   m' = b1 m + (1 - b1) s g,  v' = b2 v + (1 - b2) s^2 g^2,  p' = (1 - lr wd [p decays]) p - lr c1 m' / (sqrt(c2 v') + eps)
 * with s the clip scale and c1, c2 the bias corrections. Weight decay applies to matrices and embeddings only.
 */
function emitOptimizer(g: AutodiffGraph, options: TrainingOptions, params: Map<string, Tensor>, grads: Map<string, Tensor>): void {
  const names = [...grads.keys()];
  const flatten = (t: Tensor) => g.reshape(t, [sizeOf(t.shape)]);
  const grad = g.concat(names.map((name) => flatten(grads.get(name)!)), 0);
  const param = g.concat(names.map((name) => flatten(params.get(name)!)), 0);
  const total = grad.shape[0];

  const norm = g.sqrt(g.reduceSum(g.mul(grad, grad), [0], false));
  g.output(norm, GRAD_NORM);
  const clipScale =
    options.gradClip > 0 ? g.min(g.scalar(1), g.div(g.scalar(options.gradClip), g.add(norm, g.scalar(1e-6)))) : g.scalar(1);

  const lr = g.input(LR, 'float32', []);
  const correction1 = g.input(BIAS_CORRECTION1, 'float32', []);
  const correction2 = g.input(BIAS_CORRECTION2, 'float32', []);
  const m = g.input(MOMENTS, 'float32', [total]);
  const v = g.input(VELOCITIES, 'float32', [total]);
  const nextM = g.add(g.mul(m, g.scalar(options.beta1)), g.mul(grad, g.mul(clipScale, g.scalar(1 - options.beta1))));
  const squareFactor = g.mul(g.mul(clipScale, clipScale), g.scalar(1 - options.beta2));
  const nextV = g.add(g.mul(v, g.scalar(options.beta2)), g.mul(g.mul(grad, grad), squareFactor));
  const step = g.div(g.mul(nextM, g.mul(lr, correction1)), g.add(g.sqrt(g.mul(nextV, correction2)), g.scalar(options.adamEps)));

  let decayed = param;
  if (options.weightDecay > 0) {
    const mask = Float32Array.from(names.flatMap((name) => {
      const shape = params.get(name)!.shape;
      return new Array<number>(sizeOf(shape)).fill(shape.length >= 2 ? 1 : 0);
    }));
    const decay = g.mul(g.constant(mask, [total], 'weight_decay_mask'), g.mul(lr, g.scalar(options.weightDecay)));
    decayed = g.mul(param, g.sub(g.scalar(1), decay));
  }
  const nextParam = g.sub(decayed, step);
  const parts = g.split(nextParam, 0, names.map((name) => sizeOf(params.get(name)!.shape)));
  names.forEach((name, i) => g.output(g.reshape(parts[i], [...params.get(name)!.shape]), nextName(name)));
  g.output(nextM, nextName(MOMENTS));
  g.output(nextV, nextName(VELOCITIES));
}

export function buildFusedStepGraph(model: TrainingModel, options: TrainingOptions, weighted: boolean): Uint8Array {
  const g = new AutodiffGraph('train_step');
  const { params, loss, grads } = emitLossAndGradients(g, model, options, weighted);
  g.output(loss, LOSS);
  emitOptimizer(g, options, params, grads);
  return g.builder.toBytes();
}

export function buildAccumulateGraph(model: TrainingModel, options: TrainingOptions, weighted: boolean): Uint8Array {
  const g = new AutodiffGraph('accumulate_gradients');
  const { loss, grads } = emitLossAndGradients(g, model, options, weighted);
  g.output(loss, LOSS);
  for (const [name, grad] of grads) {
    const sum = g.input(accumulatorName(name), 'float32', grad.shape);
    g.output(g.add(sum, grad), nextName(accumulatorName(name)));
  }
  return g.builder.toBytes();
}

export function buildApplyGraph(model: TrainingModel, options: TrainingOptions): Uint8Array {
  const g = new AutodiffGraph('apply_gradients');
  const params = new Map<string, Tensor>();
  const grads = new Map<string, Tensor>();
  const scale = g.input(GRAD_SCALE, 'float32', []);
  for (const name of trainableParamNames(model, options)) {
    const shape = model.paramShapes.get(name)!;
    params.set(name, g.input(name, 'float32', shape));
    grads.set(name, g.mul(g.input(accumulatorName(name), 'float32', shape), scale));
  }
  emitOptimizer(g, options, params, grads);
  return g.builder.toBytes();
}

/** Forward-only loss for evaluation (no dropout), weighted per target (all ones for plain held-out text). */
export function buildLossGraph(model: TrainingModel, batch: number, seqLen: number): Uint8Array {
  const g = new AutodiffGraph('loss');
  g.output(emitLoss(g, model, paramInputs(g, model), batch, seqLen, true), LOSS);
  return g.builder.toBytes();
}
