import { TrainingJob } from '../generated/prisma/client';

/**
 * The name tenants call a model by, OpenAI style: `ft:<base>:<suffix>:<job>` for a fine-tune, `<suffix>:<job>` for a
 * pretrained model (suffix defaulting to the kind). The job id's first 8 hex digits keep names unique per tenant.
 */
export function modelName(job: Pick<TrainingJob, 'id' | 'kind' | 'suffix'>, baseName: string | null): string {
  const short = job.id.replace(/-/g, '').slice(0, 8);
  if (job.kind === 'finetune') return `ft:${baseName ?? 'model'}:${job.suffix ?? 'custom'}:${short}`;
  return `${job.suffix ?? 'gpt'}:${short}`;
}
