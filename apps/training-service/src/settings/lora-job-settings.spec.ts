import { DecoderModelConfig, GptConfig, LlamaConfig } from '@llmchain/model-runtime';
import { estimateLoraTrainingMemoryBytes, estimateTrainingMemoryBytes } from './memory-estimate';
import { resolveTrainingSettings } from './resolve-training-settings';
import { LoraJobSettings, TrainingSettingsContext, TrainingSettingsError, TrainingSettingsRequest } from './training-settings';

const MIB = 2 ** 20;
const llama: LlamaConfig = {
  family: 'llama', vocabSize: 256, contextLength: 2048, nLayer: 2, nHead: 4, nKvHead: 2, hiddenSize: 64, headDim: 16,
  intermediateSize: 128, rmsNormEps: 1e-5, ropeTheta: 500000, attentionBias: false, tieEmbeddings: false,
};
const llamaBase: DecoderModelConfig = { architecture: 'llama', config: llama };
const gpt2: GptConfig = {
  vocabSize: 600, contextLength: 64, nLayer: 3, nHead: 2, nEmbd: 96, positional: 'learned', dropout: 0.1, layerNormEps: 1e-5, tieEmbeddings: true,
};
const context = (model: DecoderModelConfig, memoryBudgetBytes = 4096 * MIB): TrainingSettingsContext => ({
  datasetEstimatedTokens: 200_000, datasetFormat: 'chat', memoryBudgetBytes, maxSteps: 20_000, baseModel: { model, tokenizerVocabSize: model.config.vocabSize },
});
const lora = (request: Omit<TrainingSettingsRequest, 'kind'>, ctx = context(llamaBase)) =>
  resolveTrainingSettings({ kind: 'finetune', ...request }, ctx) as LoraJobSettings;

function settingsError(request: Omit<TrainingSettingsRequest, 'kind'>, ctx = context(llamaBase), kind: TrainingSettingsRequest['kind'] = 'finetune'): TrainingSettingsError {
  try {
    resolveTrainingSettings({ kind, ...request }, ctx);
  } catch (error) {
    if (error instanceof TrainingSettingsError) return error;
    throw error;
  }
  throw new Error('expected a TrainingSettingsError');
}

describe('LoRA fine-tuning settings', () => {
  it('adapts every attention and MLP projection by default, at LoRA rates, in a 512-token window', () => {
    const settings = lora({ adapter: { type: 'lora' } });
    expect(settings).toMatchObject({ kind: 'finetune', method: 'lora', model: llamaBase, tokenizerVocabSize: 256 });
    expect(settings.adapter).toEqual({ rank: 8, alpha: 16, dropout: 0.05, targetModules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] });
    expect(settings.hyperparameters).toMatchObject({ seqLen: 512, learningRate: 2e-4, weightDecay: 0 });
  });

  it('takes OpenAI-style method.supervised.hyperparameters and the adapter settings as given', () => {
    const settings = lora({
      method: { type: 'supervised', supervised: { hyperparameters: { steps: 30, batchSize: 2, learningRate: 0.01 } } },
      adapter: { type: 'lora', rank: 4, alpha: 8, dropout: 0, target_modules: ['q_proj', 'v_proj'] },
      model: { contextLength: 32 },
    });
    expect(settings.adapter).toEqual({ rank: 4, alpha: 8, dropout: 0, targetModules: ['q_proj', 'v_proj'] });
    expect(settings.hyperparameters).toMatchObject({ steps: 30, batchSize: 2, learningRate: 0.01, seqLen: 32 });
  });

  it('estimates frozen base once + adapter state + activations', () => {
    const settings = lora({ adapter: { type: 'lora' }, hyperparameters: { batchSize: 4 }, model: { contextLength: 64 } });
    // Base: embeddings 256·64 + lm_head 256·64 + final norm 64 + per layer (q 64·64, k/v 32·64, o 64·64, 3 MLP 128·64, 2 norms 64).
    const baseParams = 2 * 256 * 64 + 64 + 2 * (4096 + 2048 + 2048 + 4096 + 3 * 8192 + 128);
    // Rank 8 adapter: 8·(in + out) per projection, 7 projections a layer.
    const adapterParams = 2 * 8 * (128 + 96 + 96 + 128 + 3 * 192);
    // Per token per layer: 16·d for attention and norms, 1.5·6 floats per MLP unit, 6·h·T for attention scores.
    const perToken = 2 * (16 * 64 + 9 * 128 + 6 * 4 * 64) + 4 * 8 * 14 + 8 * 256;
    expect(settings.estimatedMemoryBytes).toBe(4 * (baseParams + 20 * adapterParams + 4 * 64 * perToken) + 32 * MIB);
  });

  it('fits a LoRA job in a budget where the same base cannot fine-tune whole', () => {
    const full = estimateTrainingMemoryBytes(gpt2, 1, 64);
    const ctx = context({ architecture: 'gpt2', config: gpt2 }, full - 1);
    expect(settingsError({ hyperparameters: { batchSize: 1 } }, ctx).field).toBe('hyperparameters.batchSize');
    const settings = lora({ adapter: { type: 'lora' }, hyperparameters: { batchSize: 1 } }, ctx);
    expect(settings.adapter.targetModules).toEqual(['c_attn', 'c_proj', 'c_fc']);
    expect(settings.estimatedMemoryBytes).toBeLessThan(full);
    expect(settings.estimatedMemoryBytes).toBe(estimateLoraTrainingMemoryBytes(ctx.baseModel!.model, { parameterCount: 8 * 3 * (96 + 288 + 96 + 96 + 96 + 384 + 384 + 96), rank: 8, projections: 12 }, 1, 64));
  });

  it('names the field at fault', () => {
    const field = (request: Omit<TrainingSettingsRequest, 'kind'>) => settingsError(request).field;
    expect(field({ adapter: { type: 'lora', rank: 0 } })).toBe('adapter.rank');
    expect(field({ adapter: { type: 'lora', rank: 2.5 } })).toBe('adapter.rank');
    expect(field({ adapter: { type: 'lora', alpha: -1 } })).toBe('adapter.alpha');
    expect(field({ adapter: { type: 'lora', dropout: 1 } })).toBe('adapter.dropout');
    expect(settingsError({ adapter: { type: 'lora', target_modules: ['c_attn'] } }).message).toMatch(/c_attn.*matches no projection.*q_proj/);
    expect(field({ adapter: { type: 'lora', target_modules: [] } })).toBe('adapter.target_modules');
    expect(field({ adapter: { type: 'lora' }, model: { layers: 2 } })).toBe('model.layers');
    expect(field({ adapter: { type: 'lora' }, model: { contextLength: 4096 } })).toBe('model.contextLength');
    expect(field({})).toBe('adapter');
    expect(settingsError({}).message).toMatch(/llama base fine-tunes through a LoRA adapter/);
    expect(field({ adapter: { type: 'lora' }, hyperparameters: { steps: 3 }, method: { type: 'supervised', supervised: { hyperparameters: { steps: 3 } } } })).toBe(
      'method.supervised.hyperparameters',
    );
    expect(field({ method: { type: 'reinforcement' as 'supervised' }, adapter: { type: 'lora' } })).toBe('method.type');
    const pretrain = { ...context(llamaBase), baseModel: undefined, datasetFormat: 'documents' as const };
    expect(settingsError({ adapter: { type: 'lora' } }, pretrain, 'pretrain').field).toBe('adapter');
  });
});
