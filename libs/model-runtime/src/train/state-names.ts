/** Graph input/output names of the training state, shared by the step graphs and the code that feeds them. */
/** Adam's first and second moments of all trainable parameters, flattened and concatenated in paramShapes order. */
export const MOMENTS = 'adam_m';
export const VELOCITIES = 'adam_v';
/** Per-parameter names of the moments, as a checkpoint stores them. */
export const momentName = (param: string) => `${MOMENTS}.${param}`;
export const velocityName = (param: string) => `${VELOCITIES}.${param}`;
export const accumulatorName = (param: string) => `grad_acc.${param}`;
/** A step graph's output that replaces input `name` for the next step. */
export const nextName = (name: string) => `next.${name}`;

export const INPUT_IDS = 'input_ids';
export const TARGETS = 'targets';
/** float32 [batch, seqLen]: the weight of each target in the loss (0 on prompt tokens for completion-only loss). */
export const LOSS_WEIGHTS = 'loss_weights';
export const LOSS = 'loss';
export const GRAD_NORM = 'grad_norm';
export const LR = 'lr';
/** 1 / (1 - beta1^t) and 1 / (1 - beta2^t): Adam's bias corrections for step t, computed outside the graph. */
export const BIAS_CORRECTION1 = 'bias_correction1';
export const BIAS_CORRECTION2 = 'bias_correction2';
/** 1 / microBatches: turns accumulated gradient sums into means. */
export const GRAD_SCALE = 'grad_scale';
