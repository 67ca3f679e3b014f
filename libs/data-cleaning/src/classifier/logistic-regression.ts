import { mulberry32 } from '../seeded-random';
import { hashedNgramFeatures, SparseFeatures } from './hashed-ngram-features';

/** A binary quality classifier: logistic regression over hashed n-gram features. Scores are P(good). */
export type QualityModel = { dimensions: number; weights: Float32Array; bias: number };

export type LabelledText = { text: string; good: boolean };

export type TrainingOptions = {
  dimensions: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty per example step. */
  l2: number;
  /** Seed of the example order, so the same labels train the same model. */
  seed: number;
  /** Epoch milliseconds after which training stops at the end of the current example. */
  deadline: number;
};

export const DEFAULT_TRAINING: Omit<TrainingOptions, 'deadline'> = { dimensions: 1 << 18, epochs: 10, learningRate: 0.5, l2: 1e-6, seed: 1 };

/**
 * Trains by stochastic gradient descent on the log loss, examples shuffled each epoch, classes weighted so a skewed
 * label set does not teach the model to answer the majority. Sparse updates: one step costs the example's non-zero
 * features, so training is linear in the labelled text. Each text is featurized once. Past the deadline it returns the
 * model as trained so far.
 */
export function trainQualityModel(examples: LabelledText[], options: TrainingOptions): QualityModel {
  // Featurized on first use, so the deadline bounds featurizing too; then kept for the later epochs.
  const features: (SparseFeatures | undefined)[] = new Array(examples.length);
  const positives = examples.filter((example) => example.good).length;
  const negatives = examples.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('training needs both good and bad examples');
  const classWeight = { good: examples.length / (2 * positives), bad: examples.length / (2 * negatives) };
  const weights = new Float32Array(options.dimensions);
  let bias = 0;
  const order = examples.map((_, i) => i);
  const random = mulberry32(options.seed);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const index of order) {
      if (Date.now() > options.deadline) return { dimensions: options.dimensions, weights, bias };
      const { indexes, values } = (features[index] ??= hashedNgramFeatures(examples[index].text, options.dimensions));
      const good = examples[index].good;
      const rate = options.learningRate / (1 + 0.01 * step++);
      const gradient = (sigmoid(dot(weights, bias, indexes, values)) - (good ? 1 : 0)) * (good ? classWeight.good : classWeight.bad);
      for (let j = 0; j < indexes.length; j++) {
        const k = indexes[j];
        weights[k] -= rate * (gradient * values[j] + options.l2 * weights[k]);
      }
      bias -= rate * gradient;
    }
  }
  return { dimensions: options.dimensions, weights, bias };
}

/** P(good) of a text. */
export function scoreQuality(model: QualityModel, text: string): number {
  const { indexes, values } = hashedNgramFeatures(text, model.dimensions);
  return sigmoid(dot(model.weights, model.bias, indexes, values));
}

function dot(weights: Float32Array, bias: number, indexes: SparseFeatures['indexes'], values: SparseFeatures['values']): number {
  let sum = bias;
  for (let j = 0; j < indexes.length; j++) sum += weights[indexes[j]] * values[j];
  return sum;
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

function shuffle(items: number[], random: () => number) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
