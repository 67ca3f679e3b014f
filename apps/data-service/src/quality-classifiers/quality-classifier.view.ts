import { QualityClassifier } from '../generated/prisma/client';

/** A classifier version as the API shows it. */
export function classifierView(classifier: QualityClassifier) {
  return {
    id: classifier.id,
    projectId: classifier.projectId,
    version: classifier.version,
    goodLabels: classifier.goodLabels,
    badLabels: classifier.badLabels,
    trainingDocuments: classifier.trainingDocuments,
    metrics: classifier.metrics,
    modelSha256: classifier.modelSha256,
    createdAt: classifier.createdAt.toISOString(),
  };
}
