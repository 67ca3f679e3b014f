import { TrainingJob } from '../generated/prisma/client';
import { ModelMergeSettings } from './model-merge-settings';
import { ModelMergeWire } from './model-merge.schemas';

/** A merge as the API shows it: which adapter into which base, under which name, its state and, once done, the model. */
export function modelMergeView(job: TrainingJob) {
  const settings = job.settings as unknown as ModelMergeSettings;
  return {
    id: job.id,
    object: 'model.merge' as const,
    status: job.status,
    name: settings.name,
    adapterModelId: settings.adapterModelId,
    baseModelId: settings.baseModelId,
    variants: settings.variants,
    modelId: job.modelId,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  } satisfies ModelMergeWire;
}
