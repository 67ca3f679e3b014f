import { GptConfig } from '@llmchain/model-runtime';
import { estimateTrainingMemoryBytes } from './memory-estimate';
import { resolveTrainingSettings } from './resolve-training-settings';
import { ModelJobSettings, TrainingSettingsContext, TrainingSettingsError, TrainingSettingsRequest } from './training-settings';

const MIB = 2 ** 20;
const context: TrainingSettingsContext = { datasetEstimatedTokens: 2_000_000, memoryBudgetBytes: 4096 * MIB, maxSteps: 20_000 };
const base: GptConfig = {
  vocabSize: 600, contextLength: 64, nLayer: 3, nHead: 2, nEmbd: 96,
  positional: 'sinusoidal', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true,
};
const finetuneContext: TrainingSettingsContext = { ...context, datasetFormat: 'prompt-completion', baseModel: { model: { architecture: 'gpt2', config: base }, tokenizerVocabSize: 600 } };

const model = (request: TrainingSettingsRequest, ctx = context) => resolveTrainingSettings(request, ctx) as ModelJobSettings;

function settingsError(request: TrainingSettingsRequest, ctx = context): TrainingSettingsError {
  try {
    resolveTrainingSettings(request, ctx);
  } catch (error) {
    if (error instanceof TrainingSettingsError) return error;
    throw error;
  }
  throw new Error('expected a TrainingSettingsError');
}

describe('resolveTrainingSettings', () => {
  it('gives a pretraining job a small default model and derives every hyperparameter', () => {
    const settings = model({ kind: 'pretrain' });
    expect(settings.model).toMatchObject({ nLayer: 2, nHead: 4, nEmbd: 128, contextLength: 128, vocabSize: 1024, dropout: 0, positional: 'learned' });
    expect(settings.tokenizerVocabSize).toBe(1024);
    const h = settings.hyperparameters;
    expect(h).toMatchObject({ batchSize: 32, seqLen: 128, learningRate: 0.003, weightDecay: 0.1, seed: 1337 });
    expect(h.minLearningRate).toBeCloseTo(0.0003, 10);
    // 20 tokens per parameter (544,256 of them) over 2 M tokens is 5.44 epochs of 4,096-token steps.
    expect(h.steps).toBe(Math.round((5.44256 * 2_000_000) / 4096));
    expect(h.epochs).toBeCloseTo(5.44, 2);
    expect(h.warmupSteps).toBe(133);
    expect(h.checkpointEvery).toBe(Math.ceil(h.steps / 10));
    expect(settings.estimatedMemoryBytes).toBe(estimateTrainingMemoryBytes(settings.model, 32, 128));
  });

  it('takes explicit settings as given', () => {
    const settings = model({
      kind: 'pretrain',
      model: { layers: 3, heads: 2, embeddingSize: 64, contextLength: 32, vocabSize: 512 },
      hyperparameters: { steps: 50, batchSize: 4, learningRate: 0.01, warmupSteps: 5, weightDecay: 0, seed: 9, checkpointEvery: 20 },
    });
    expect(settings.model).toMatchObject({ nLayer: 3, nHead: 2, nEmbd: 64, contextLength: 32, vocabSize: 512 });
    expect(settings.hyperparameters).toMatchObject({ steps: 50, batchSize: 4, seqLen: 32, learningRate: 0.01, warmupSteps: 5, weightDecay: 0, seed: 9, checkpointEvery: 20 });
    expect(settings.hyperparameters.epochs).toBeCloseTo((50 * 4 * 32) / 2_000_000, 10);
  });

  it("derives steps from epochs and clamps them to [1, maxSteps]", () => {
    const fixed = { model: { contextLength: 64 }, hyperparameters: { batchSize: 8 } };
    expect(model({ kind: 'pretrain', ...fixed, hyperparameters: { batchSize: 8, epochs: 2 } }).hyperparameters.steps).toBe(Math.round((2 * 2_000_000) / 512));
    expect(model({ kind: 'pretrain', ...fixed, hyperparameters: { batchSize: 8, epochs: 50 } }).hyperparameters.steps).toBe(20_000);
    const tiny = { ...context, datasetEstimatedTokens: 200 };
    expect(model({ kind: 'pretrain', model: { contextLength: 16 }, hyperparameters: { batchSize: 8, epochs: 0.01 } }, tiny).hyperparameters.steps).toBe(1);
  });

  it("'auto' batch halves until the step fits the memory budget, and stays small on a small dataset", () => {
    const config = model({ kind: 'pretrain' }).model;
    const budget = estimateTrainingMemoryBytes(config, 8, 128) + 1;
    expect(model({ kind: 'pretrain', hyperparameters: { batchSize: 'auto' } }, { ...context, memoryBudgetBytes: budget }).hyperparameters.batchSize).toBe(8);
    // 4,000 tokens are 31 windows of 128: a quarter of them is at most 7, so the batch is 4.
    expect(model({ kind: 'pretrain' }, { ...context, datasetEstimatedTokens: 4000 }).hyperparameters.batchSize).toBe(4);
  });

  it('refuses a model over the memory budget, saying how much it needs and what to lower', () => {
    const error = settingsError({ kind: 'pretrain', model: { layers: 24, embeddingSize: 1024, heads: 16 }, hyperparameters: { batchSize: 64 } }, { ...context, memoryBudgetBytes: 512 * MIB });
    expect(error.field).toBe('hyperparameters.batchSize');
    expect(error.message).toMatch(/needs ~\d+ MiB, budget is 512 MiB: lower model\.layers\/model\.embeddingSize\/hyperparameters\.batchSize or raise TRAINING_MEMORY_BUDGET_MB/);
    expect(settingsError({ kind: 'pretrain', model: { layers: 24, embeddingSize: 1024, heads: 16 } }, { ...context, memoryBudgetBytes: 64 * MIB }).message).toMatch(
      /batch size 1 needs/,
    );
  });

  it.each([
    [{ model: { layers: 0 } }, 'model.layers', /model\.layers must be an integer from 1 to 24, got 0/],
    [{ model: { heads: 2.5 } }, 'model.heads', /from 1 to 32/],
    [{ model: { embeddingSize: 100, heads: 3 } }, 'model.embeddingSize', /model\.embeddingSize \(100\) must be divisible by model\.heads \(3\)/],
    [{ model: { contextLength: 4096 } }, 'model.contextLength', /from 8 to 2048/],
    [{ model: { vocabSize: 100 } }, 'model.vocabSize', /from 259 to 65536/],
    [{ hyperparameters: { steps: 0 } }, 'hyperparameters.steps', /from 1 to 20000 \(TRAINING_MAX_STEPS\)/],
    [{ hyperparameters: { steps: 20_001 } }, 'hyperparameters.steps', /from 1 to 20000/],
    [{ hyperparameters: { steps: 10, epochs: 2 } }, 'hyperparameters.steps', /not both/],
    [{ hyperparameters: { epochs: 0 } }, 'hyperparameters.epochs', /more than 0 and at most 1000/],
    [{ hyperparameters: { batchSize: 257 } }, 'hyperparameters.batchSize', /from 1 to 256/],
    [{ hyperparameters: { learningRate: 0 } }, 'hyperparameters.learningRate', /more than 0 and at most 1/],
    [{ hyperparameters: { learningRate: 1.5 } }, 'hyperparameters.learningRate', /at most 1, got 1.5/],
    [{ hyperparameters: { learningRate: Number.NaN } }, 'hyperparameters.learningRate', /must be a number/],
    [{ hyperparameters: { steps: 10, warmupSteps: 11 } }, 'hyperparameters.warmupSteps', /from 0 to 10/],
    [{ hyperparameters: { weightDecay: -0.1 } }, 'hyperparameters.weightDecay', /from 0 to 1/],
    [{ hyperparameters: { seed: -1 } }, 'hyperparameters.seed', /from 0 to 4294967295/],
    [{ hyperparameters: { checkpointEvery: 0 } }, 'hyperparameters.checkpointEvery', /from 1 to 20000/],
  ] as [Omit<TrainingSettingsRequest, 'kind'>, string, RegExp][])('refuses %j, naming %s', (request, field, message) => {
    const error = settingsError({ kind: 'pretrain', ...request });
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('refuses a dataset too small for one training window and one held out', () => {
    const error = settingsError({ kind: 'pretrain', model: { contextLength: 64 } }, { ...context, datasetEstimatedTokens: 100 });
    expect(error.field).toBe('datasetVersionId');
    expect(error.message).toMatch(/~100 tokens; training needs at least 130/);
  });

  it('refuses to pretrain on fine-tuning records', () => {
    expect(settingsError({ kind: 'pretrain' }, { ...context, datasetFormat: 'chat' }).message).toMatch(/holds chat records/);
  });

  it("takes a reused tokenizer's vocabulary for a new model", () => {
    expect(model({ kind: 'pretrain' }, { ...context, tokenizer: { vocabSize: 700 } }).model.vocabSize).toBe(700);
    expect(settingsError({ kind: 'pretrain', model: { vocabSize: 800 } }, { ...context, tokenizer: { vocabSize: 700 } }).message).toMatch(
      /model\.vocabSize is 800 but the tokenizer this job reuses has 700 tokens/,
    );
  });

  describe('fine-tuning', () => {
    it("keeps the base model's shape and vocabulary, with a tenth of the learning rate", () => {
      const settings = model({ kind: 'finetune', model: { layers: 3, contextLength: 64 } }, finetuneContext);
      expect(settings.model).toEqual(base);
      expect(settings.tokenizerVocabSize).toBe(600);
      expect(settings.hyperparameters.learningRate).toBeCloseTo(0.0004, 10);
      expect(settings.hyperparameters.epochs).toBeCloseTo(3, 1);
    });

    it('names a model setting that differs from the base model', () => {
      const error = settingsError({ kind: 'finetune', model: { embeddingSize: 128 } }, finetuneContext);
      expect(error.field).toBe('model.embeddingSize');
      expect(error.message).toMatch(/model\.embeddingSize is 128 but the base model has 96/);
      expect(settingsError({ kind: 'finetune', model: { vocabSize: 1024 } }, finetuneContext).message).toMatch(/vocabSize is 1024 but the base model has 600/);
    });

    it('needs a base model, which other kinds must not have', () => {
      expect(settingsError({ kind: 'finetune' }).message).toMatch(/needs a base model: set baseModelId/);
      expect(settingsError({ kind: 'pretrain' }, finetuneContext).field).toBe('baseModelId');
      expect(settingsError({ kind: 'tokenizer' }, finetuneContext).message).toMatch(/tokenizer job starts from scratch/);
    });
  });

  describe('tokenizer jobs', () => {
    it('take only a vocabulary size', () => {
      expect(resolveTrainingSettings({ kind: 'tokenizer' }, context)).toEqual({ kind: 'tokenizer', tokenizerVocabSize: 1024 });
      expect(resolveTrainingSettings({ kind: 'tokenizer', model: { vocabSize: 2000 } }, context)).toEqual({ kind: 'tokenizer', tokenizerVocabSize: 2000 });
      expect(settingsError({ kind: 'tokenizer', model: { layers: 2 } }).message).toMatch(/remove model\.layers/);
      expect(settingsError({ kind: 'tokenizer', hyperparameters: { steps: 5 } }).field).toBe('hyperparameters.steps');
    });
  });

  it('refuses an unknown kind', () => {
    expect(settingsError({ kind: 'distill' as never }).message).toMatch(/kind must be one of tokenizer, pretrain, finetune/);
  });
});
