export { hashedNgramFeatures, DEFAULT_FEATURE_DIMENSIONS, MAX_FEATURE_WORDS, type SparseFeatures } from './hashed-ngram-features';
export { trainQualityModel, scoreQuality, DEFAULT_TRAINING, type QualityModel, type LabelledText, type TrainingOptions } from './logistic-regression';
export { classifierMetrics, heldOutSplit, type ClassifierMetrics } from './classifier-metrics';
