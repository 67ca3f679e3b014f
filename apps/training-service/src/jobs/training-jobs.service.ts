import { DecoderModelConfig } from '@llmchain/model-runtime';
import { tenantLimitReached } from '@llmchain/platform';
import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { DatasetVersionsRepository } from '../datasets/dataset-versions.repository';
import { TrainingJob } from '../generated/prisma/client';
import { CreditAdmission } from '../credits/credit-admission';
import { ModelStorageQuota } from '../models/model-storage-quota';
import { ModelsRepository } from '../models/models.repository';
import { TrainingQueues } from '../queues/training-queues';
import { ResolvedTrainingSettings, resolveTrainingSettings, TrainingSettingsError } from '../settings';
import { checkEvalMetric } from './eval-metric-check';
import { estimatedTrainingTokens } from './estimated-training-tokens';
import { CreateTrainingJob } from './training-job.dto';
import { TrainingJobCompletion } from './training-job-completion';
import { isTrainingRunJob } from './training-run-job';
import { TERMINAL_STATUSES, TrainingJobsRepository } from './training-jobs.repository';

/** Creating, reading and cancelling a tenant's training jobs; the work itself happens in the worker processes. */
@Injectable()
export class TrainingJobsService {
  constructor(
    private readonly jobs: TrainingJobsRepository,
    private readonly datasets: DatasetVersionsRepository,
    private readonly models: ModelsRepository,
    private readonly queues: TrainingQueues,
    private readonly completion: TrainingJobCompletion,
    private readonly storageQuota: ModelStorageQuota,
    private readonly credits: CreditAdmission,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
  ) {}

  /**
   * Every check that needs no file read happens here, before the row exists: a request that cannot run gets a 4xx and
   * leaves nothing behind. The dataset's files are checked by the validation worker (status validating_files).
   */
  /** apiKeyId: the key creating the job, to which the eval runs on its checkpoints are metered. */
  async create(tenantId: string, request: CreateTrainingJob, apiKeyId?: string): Promise<TrainingJob> {
    const dataset = await this.datasets.findForTenant(tenantId, request.datasetVersionId);
    if (!dataset) {
      throw new NotFoundException(
        `dataset version ${request.datasetVersionId} is not one of yours, or is not ready yet: use the id of a version data-service published`,
      );
    }
    await this.checkValidationSet(tenantId, request);
    if (request.kind !== 'tokenizer') await this.storageQuota.assertRoomForAnotherModel(tenantId);
    const baseModel = request.baseModelId ? await this.models.findForTenant(tenantId, request.baseModelId) : null;
    if (request.baseModelId && !baseModel) throw new NotFoundException(`model ${request.baseModelId} is not one of your models`);
    if (baseModel?.kind === 'adapter') {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [`baseModelId: ${baseModel.name} is an adapter; fine-tune its base model (baseModelId ${baseModel.baseModelId}) instead`],
      });
    }
    const base = baseModel ? ({ architecture: baseModel.architecture, config: baseModel.config } as unknown as DecoderModelConfig) : undefined;
    let settings;
    try {
      settings = resolveTrainingSettings(request, {
        datasetEstimatedTokens: Number(dataset.estimatedTokens),
        baseModel: base ? { model: base, tokenizerVocabSize: base.config.vocabSize } : undefined,
        memoryBudgetBytes: this.config.TRAINING_MEMORY_BUDGET_MB * 2 ** 20,
        maxSteps: this.config.TRAINING_MAX_STEPS,
      });
    } catch (error) {
      if (error instanceof TrainingSettingsError) {
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`${error.field}: ${error.message}`] });
      }
      throw error;
    }
    const evalMetric = request.earlyStopping?.eval;
    if (evalMetric) checkEvalMetric(evalMetric, await this.jobs.client.eval.findFirst({ where: { id: evalMetric.evalId, tenantId } }), settings);
    // The hold comes first, under the job's id, so two jobs the balance covers only one of cannot both be created.
    const id = randomUUID();
    await this.credits.holdRun(tenantId, id, estimatedTrainingTokens(settings));
    try {
      return await this.createHeld(tenantId, id, request, { datasetVersionId: dataset.id, baseModelId: baseModel?.id ?? null, settings, apiKeyId: apiKeyId ?? null });
    } catch (error) {
      await this.credits.releaseRun(tenantId, id);
      throw error;
    }
  }

  private async createHeld(
    tenantId: string,
    id: string,
    request: CreateTrainingJob,
    { datasetVersionId, baseModelId, settings, apiKeyId }: { datasetVersionId: string; baseModelId: string | null; settings: ResolvedTrainingSettings; apiKeyId: string | null },
  ): Promise<TrainingJob> {
    const maxUnfinished = this.config.TRAINING_TENANT_MAX_QUEUED_JOBS;
    const outcome = await this.jobs.createWithinLimit(
      {
        id,
        tenantId,
        kind: request.kind,
        datasetVersionId,
        validationDatasetVersionId: request.validationDatasetVersionId ?? null,
        earlyStopping: request.earlyStopping ?? undefined,
        baseModelId,
        settings: settings as object,
        requested: request as object,
        suffix: request.suffix ?? null,
        apiKeyId,
      },
      { level: 'info', type: 'status', message: 'job created; validating the dataset files' },
      maxUnfinished,
    );
    if ('unfinished' in outcome)
      throw tenantLimitReached(
        'queued_training_jobs',
        `you have ${outcome.unfinished} training jobs validating, queued or running, the most a tenant may have (${maxUnfinished}): create this one when one of them has finished, or cancel one`,
      );
    const job = outcome.created;
    try {
      await this.queues.enqueueValidation({ jobId: job.id, tenantId });
    } catch (error) {
      await this.jobs.deleteUnqueued(job.id);
      throw new ServiceUnavailableException(`the job queue is unavailable (${(error as Error).message}); nothing was created, retry shortly`);
    }
    return job;
  }

  /** A validation set is the tenant's own ready version, and only model jobs (which have checkpoints) take one. */
  private async checkValidationSet(tenantId: string, request: CreateTrainingJob): Promise<void> {
    const badRequest = (message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });
    if (request.kind === 'tokenizer' && (request.validationDatasetVersionId || request.earlyStopping)) {
      throw badRequest('validationDatasetVersionId: a tokenizer job has no checkpoints to validate or stop early: remove validationDatasetVersionId and earlyStopping');
    }
    if (!request.validationDatasetVersionId) return;
    if (request.validationDatasetVersionId === request.datasetVersionId) {
      throw badRequest('validationDatasetVersionId: must be another dataset version than the one trained on (datasetVersionId), or the loss it reports says nothing about unseen data');
    }
    if (!(await this.datasets.findForTenant(tenantId, request.validationDatasetVersionId))) {
      throw new NotFoundException(
        `validation dataset version ${request.validationDatasetVersionId} is not one of yours, or is not ready yet: use the id of a version data-service published`,
      );
    }
  }

  async get(tenantId: string, id: string): Promise<TrainingJob> {
    const job = await this.jobs.findForTenant(tenantId, id);
    // Imports (and merges) are jobs too, but are read at their own routes (/v1/models/imports/:id).
    if (!job || !isTrainingRunJob(job)) throw new NotFoundException(`training job ${id} is not one of yours`);
    return job;
  }

  /**
   * A job not yet running is taken off its queue and cancelled at once; a running one is asked to stop, and its worker
   * ends it at the next step, keeping the checkpoints made so far. Cancelling a finished job changes nothing.
   */
  async cancel(tenantId: string, id: string): Promise<TrainingJob> {
    const job = await this.get(tenantId, id);
    if (TERMINAL_STATUSES.includes(job.status)) return job;
    await this.jobs.client.trainingJob.update({ where: { id }, data: { cancelRequested: true } });
    if (job.status !== 'running' && (await this.queues.withdraw(id))) {
      await this.completion.cancelBeforeStart(job);
    }
    return this.get(tenantId, id);
  }
}
