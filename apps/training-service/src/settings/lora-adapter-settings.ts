import { AdaptedProjection, adaptedProjections, DecoderModelConfig, defaultTargetModules, TrainingConfigError } from '@llmchain/model-runtime';
import { DEFAULT_LORA, LORA_LIMITS } from './lora-defaults';
import { LoraAdapterRequest, LoraSettings, TrainingSettingsError } from './training-settings';

function fail(field: string, message: string): never {
  throw new TrainingSettingsError(`adapter.${field}`, message);
}

/**
 * The adapter a LoRA job trains on `base`: rank, alpha, dropout and target modules (default: every attention and MLP
 * projection), each checked against LORA_LIMITS and the base's projections. Returns the projections it adapts too.
 */
export function resolveLoraAdapter(request: LoraAdapterRequest, base: DecoderModelConfig): { adapter: LoraSettings; projections: AdaptedProjection[] } {
  if (request.type !== 'lora') fail('type', `adapter.type must be "lora", got ${JSON.stringify(request.type)}`);
  const rank = request.rank ?? DEFAULT_LORA.rank;
  if (!Number.isInteger(rank) || rank < LORA_LIMITS.rank.min || rank > LORA_LIMITS.rank.max) {
    fail('rank', `adapter.rank must be an integer from ${LORA_LIMITS.rank.min} to ${LORA_LIMITS.rank.max}, got ${JSON.stringify(request.rank)}`);
  }
  const alpha = request.alpha ?? DEFAULT_LORA.alpha;
  if (typeof alpha !== 'number' || !(alpha > LORA_LIMITS.alpha.min && alpha <= LORA_LIMITS.alpha.max)) {
    fail('alpha', `adapter.alpha must be more than ${LORA_LIMITS.alpha.min} and at most ${LORA_LIMITS.alpha.max}, got ${JSON.stringify(request.alpha)}`);
  }
  const dropout = request.dropout ?? DEFAULT_LORA.dropout;
  if (typeof dropout !== 'number' || !(dropout >= LORA_LIMITS.dropout.min && dropout <= LORA_LIMITS.dropout.max)) {
    fail('dropout', `adapter.dropout must be from ${LORA_LIMITS.dropout.min} to ${LORA_LIMITS.dropout.max}, got ${JSON.stringify(request.dropout)}`);
  }
  const targetModules = request.target_modules ?? defaultTargetModules(base);
  if (targetModules.length === 0 || targetModules.length > LORA_LIMITS.targetModules) {
    fail('target_modules', `adapter.target_modules must name 1 to ${LORA_LIMITS.targetModules} modules, e.g. ${JSON.stringify(defaultTargetModules(base))}`);
  }
  const adapter = { rank, alpha, dropout, targetModules: [...new Set(targetModules)] };
  try {
    return { adapter, projections: adaptedProjections(base, { r: rank, alpha, dropout, targetModules: adapter.targetModules }) };
  } catch (error) {
    if (!(error instanceof TrainingConfigError)) throw error;
    fail('target_modules', `${error.message}: this ${base.architecture} base can adapt ${JSON.stringify(defaultTargetModules(base))}`);
  }
}
