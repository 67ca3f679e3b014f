import { TrainingJob } from '../generated/prisma/client';
import { ModelImportSettings } from './model-import-settings';

/** An import as the API shows it: what is imported under which name, its state, progress and, once done, the model. */
export function modelImportView(job: TrainingJob) {
  const settings = job.settings as unknown as ModelImportSettings;
  return {
    id: job.id,
    object: 'model.import' as const,
    status: job.status,
    name: settings.name,
    visibility: settings.visibility,
    source: { name: settings.source.name, origin: settings.source.origin, files: settings.source.files },
    variants: settings.variants,
    progress: job.progress,
    modelId: job.modelId,
    error: job.error,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}
