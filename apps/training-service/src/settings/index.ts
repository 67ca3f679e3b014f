export * from './training-settings';
export { resolveTrainingSettings } from './resolve-training-settings';
export { decoderParameterCount, estimateLoraTrainingMemoryBytes, estimateTrainingMemoryBytes, parameterCount } from './memory-estimate';
export { DEFAULT_LORA, LORA_LIMITS } from './lora-defaults';
export { DEFAULT_LORA_WINDOW } from './lora-job-settings';
export { DEFAULT_MODEL_SHAPE, MODEL_SHAPE_LIMITS } from './model-shape';
export { HYPERPARAMETER_LIMITS } from './hyperparameters';
