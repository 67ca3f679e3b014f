import { ResolvedTrainingSettings } from '../settings';

/**
 * The tokens a job will be metered for if it runs every step: steps × batch size × window, as the runner counts
 * trained tokens. A tokenizer job trains no model and is metered for none.
 */
export function estimatedTrainingTokens(settings: ResolvedTrainingSettings): number {
  if (settings.kind === 'tokenizer') return 0;
  const { steps, batchSize, seqLen } = settings.hyperparameters;
  return steps * batchSize * seqLen;
}
