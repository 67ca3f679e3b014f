export * from './training-settings';
export { resolveTrainingSettings } from './resolve-training-settings';
export { estimateTrainingMemoryBytes, parameterCount } from './memory-estimate';
export { DEFAULT_MODEL_SHAPE, MODEL_SHAPE_LIMITS } from './model-shape';
export { HYPERPARAMETER_LIMITS } from './hyperparameters';
