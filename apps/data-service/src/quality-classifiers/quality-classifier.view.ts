import { ClassifierMetrics } from '@llmchain/data-cleaning';
import { QualityClassifier } from '../generated/prisma/client';
import { QualityClassifierWire } from './quality-classifier.schemas';

/** A classifier version as the API shows it. */
export function classifierView(classifier: QualityClassifier) {
  return {
    id: classifier.id,
    projectId: classifier.projectId,
    version: classifier.version,
    goodLabels: classifier.goodLabels,
    badLabels: classifier.badLabels,
    trainingDocuments: classifier.trainingDocuments,
    metrics: classifier.metrics as unknown as ClassifierMetrics,
    modelSha256: classifier.modelSha256,
    createdAt: classifier.createdAt.toISOString(),
  } satisfies QualityClassifierWire;
}
