export * from './training-job';
export { runTrainingJob } from './run-training-job';
export { artifactSha256, modelArtifactKey, WEIGHTS_FILE, EXPORTED_VARIANTS } from './model-artifact';
export { checkpointKey } from './training-loop';
export { trainedTokenizerKey } from './job-tokenizer';
