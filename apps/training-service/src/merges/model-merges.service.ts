import { tenantLimitReached } from '@llmchain/platform';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { TrainingJob } from '../generated/prisma/client';
import { IMPORT_VARIANTS } from '../imports/model-import-settings';
import { TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { ModelsRepository } from '../models/models.repository';
import { TrainingQueues } from '../queues/training-queues';
import { ModelMergeSettings } from './model-merge-settings';

const badRequest = (field: string, message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`${field}: ${message}`] });

/**
 * Starting a merge of a LoRA adapter into its base (imported, or a GPT-2 trained here): checked (the tenant's adapter,
 * its base, a free name)
 * before anything is recorded, then queued for a training worker, which merges, exports and registers a full model.
 */
@Injectable()
export class ModelMergesService {
  constructor(
    private readonly jobs: TrainingJobsRepository,
    private readonly models: ModelsRepository,
    private readonly queues: TrainingQueues,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
  ) {}

  async merge(tenantId: string, adapterModelId: string, requestedName?: string): Promise<TrainingJob> {
    const adapter = await this.models.findForTenant(tenantId, adapterModelId);
    if (!adapter) throw new NotFoundException(`model ${adapterModelId} is not one of your models`);
    if (adapter.kind !== 'adapter' || adapter.baseModelId === null) {
      throw badRequest('id', `${adapter.name} is a ${adapter.kind} model, not a LoRA adapter: only adapters merge into their base`);
    }
    const base = await this.models.findForTenant(tenantId, adapter.baseModelId);
    if (!base) throw new NotFoundException(`the adapter's base model ${adapter.baseModelId} is no longer one you can see`);
    const name = requestedName ?? `${adapter.name}-merged`;
    if (await this.models.findByName(tenantId, name)) throw new ConflictException(`name: you already have a model named ${name}; choose another`);
    const settings: ModelMergeSettings = { kind: 'merge', name, adapterModelId: adapter.id, baseModelId: base.id, variants: IMPORT_VARIANTS };
    const jobId = randomUUID();
    const maxUnfinished = this.config.TRAINING_TENANT_MAX_QUEUED_JOBS;
    const outcome = await this.jobs.createWithinLimit(
      { id: jobId, tenantId, kind: 'merge', status: 'queued', datasetVersionId: null, baseModelId: base.id, settings: settings as object, requested: { name, adapterModelId } },
      { level: 'info', type: 'status', message: `merge of ${adapter.name} into ${base.name} queued` },
      maxUnfinished,
    );
    if ('unfinished' in outcome) {
      throw tenantLimitReached(
        'queued_training_jobs',
        `you have ${outcome.unfinished} training jobs, imports or merges validating, queued or running, the most a tenant may have (${maxUnfinished}): merge when one of them has finished, or cancel one`,
      );
    }
    try {
      await this.queues.enqueueMerge({ jobId, tenantId });
    } catch (error) {
      await this.jobs.client.trainingJob.delete({ where: { id: jobId } });
      throw new ServiceUnavailableException(`the job queue is unavailable (${(error as Error).message}); nothing was created, retry shortly`);
    }
    return outcome.created;
  }
}
