import { tenantLimitReached } from '@llmchain/platform';
import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { DatasetVersionsRepository } from '../datasets/dataset-versions.repository';
import { Eval, EvalRun, Model } from '../generated/prisma/client';
import { ModelsRepository } from '../models/models.repository';
import { CreateEval, CreateEvalRun, evalRunCriteria, PromptInput, TestingCriterion } from './eval.dto';
import { EvalRunCompletion } from './eval-run-completion';
import { EvalRunHold } from './eval-run-hold';
import { EvalRunQueue } from './eval-run-queue';
import { EvalsRepository, UNFINISHED_RUN_STATUSES } from './evals.repository';
import { readsSample } from './item-template';
import { CriterionTally } from './runner/criterion-tally';
import { isLoraJobSettings, ResolvedTrainingSettings } from '../settings';
import { checkpointModelName, jobCheckpointName } from './runner/checkpoint-model-name';

/** What a run is of: a model, one of its job's checkpoints, or a job's checkpoint before any model. */
type RunTarget = { modelId: string | null; modelName: string; jobId?: string; checkpointStep?: number };

const badRequest = (field: string, message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`${field}: ${message}`] });

/** The templates of a criterion, to find which read the model's sample. */
export function criterionTemplates(criterion: TestingCriterion): string[] {
  const prompt = (input: PromptInput) => (typeof input === 'string' ? [input] : input.map((m) => m.content));
  switch (criterion.type) {
    case 'string_check':
    case 'text_similarity':
      return [criterion.input, criterion.reference];
    case 'label_model':
    case 'score_model':
      return prompt(criterion.input);
    case 'multiple_choice':
      return [criterion.context, criterion.answer, ...(typeof criterion.choices === 'string' ? [criterion.choices] : criterion.choices)];
  }
}

/** Creating, reading and deleting evals; starting, reading and cancelling their runs (which the workers grade). */
@Injectable()
export class EvalsService {
  constructor(
    private readonly evals: EvalsRepository,
    private readonly datasets: DatasetVersionsRepository,
    private readonly models: ModelsRepository,
    private readonly queue: EvalRunQueue,
    private readonly completion: EvalRunCompletion,
    private readonly holds: EvalRunHold,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
  ) {}

  async create(tenantId: string, request: CreateEval): Promise<Eval> {
    const versionId = request.data_source_config.dataset_version_id;
    const dataset = await this.datasets.findForTenant(tenantId, versionId);
    if (!dataset) throw new NotFoundException(`data_source_config.dataset_version_id: ${versionId} is not one of your ready dataset versions`);
    if (dataset.documents > this.config.EVAL_MAX_ITEMS) {
      throw badRequest('data_source_config.dataset_version_id', `the version holds ${dataset.documents} items; an eval takes at most ${this.config.EVAL_MAX_ITEMS}`);
    }
    for (const [index, criterion] of request.testing_criteria.entries()) {
      const graderModelId = criterion.type === 'label_model' || criterion.type === 'score_model' || criterion.type === 'text_similarity' ? criterion.model : undefined;
      if (graderModelId === undefined) continue;
      const grader = await this.models.findForTenant(tenantId, graderModelId);
      if (!grader) throw badRequest(`testing_criteria.${index}.model`, `${graderModelId} is not a model you may use`);
      if (criterion.type === 'text_similarity' && grader.kind === 'adapter') {
        throw badRequest(`testing_criteria.${index}.model`, `${grader.name} is an adapter and gives no embeddings; name its base model`);
      }
    }
    return this.evals.createEval({
      tenantId,
      name: request.name,
      datasetVersionId: versionId,
      testingCriteria: request.testing_criteria,
      metadata: request.metadata,
    });
  }

  async get(tenantId: string, id: string): Promise<Eval> {
    const row = await this.evals.findEval(tenantId, id);
    if (!row) throw new NotFoundException(`eval ${id} is not one of yours`);
    return row;
  }

  async delete(tenantId: string, id: string): Promise<{ object: 'eval.deleted'; id: string; deleted: true }> {
    await this.get(tenantId, id);
    if (!(await this.evals.deleteEvalWithoutUnfinishedRuns(tenantId, id))) {
      throw new ConflictException(`eval ${id} has runs queued or running: cancel them (POST …/runs/:id/cancel), then delete it`);
    }
    return { object: 'eval.deleted', id, deleted: true };
  }

  async createRun(tenantId: string, apiKeyId: string, evalId: string, request: CreateEvalRun): Promise<EvalRun> {
    const evalRow = await this.get(tenantId, evalId);
    const source = request.data_source;
    const target = source.job_checkpoint ? await this.jobCheckpointTarget(tenantId, source.job_checkpoint) : await this.modelTarget(tenantId, source);
    const criteria = evalRunCriteria(evalRow);
    const sampling = criteria.find((c) => criterionTemplates(c).some(readsSample));
    if (sampling && !source.input_messages) {
      throw badRequest('data_source.input_messages', `criterion ${sampling.name} reads {{sample.output_text}}: give the run a prompt template for the model to answer`);
    }
    const tally = new CriterionTally(criteria);
    const run = {
      id: randomUUID(),
      evalId,
      tenantId,
      apiKeyId,
      name: request.name ?? `${evalRow.name} on ${target.modelName}`,
      ...target,
      dataSource: source,
      metadata: request.metadata,
      resultCounts: tally.resultCounts(),
      perCriterion: tally.summaries(),
    };
    // The hold comes first, under the run's id, so runs (and jobs) the balance covers only one of cannot all start.
    await this.holds.hold(run.id, evalRow, sampling !== undefined);
    try {
      return await this.createHeld(run);
    } catch (error) {
      await this.holds.release(tenantId, run.id);
      throw error;
    }
  }

  private async createHeld(run: Parameters<EvalsRepository['createRunWithinLimit']>[0] & { id: string }): Promise<EvalRun> {
    const maxUnfinished = this.config.EVAL_TENANT_MAX_UNFINISHED_RUNS;
    const outcome = await this.evals.createRunWithinLimit(run, maxUnfinished);
    if ('unfinished' in outcome) {
      throw tenantLimitReached('unfinished_eval_runs', `you have ${outcome.unfinished} eval runs queued or running, the most a tenant may have (${maxUnfinished}): start this one when one has finished, or cancel one`);
    }
    try {
      await this.queue.enqueue({ runId: outcome.created.id });
    } catch (error) {
      await this.evals.deleteUnqueuedRun(outcome.created.id);
      throw new ServiceUnavailableException(`the eval queue is unavailable (${(error as Error).message}); nothing was created, retry shortly`);
    }
    return outcome.created;
  }

  /** The model under test, or its job's checkpoint (eval.run.* then names the job and step too). */
  private async modelTarget(tenantId: string, source: CreateEvalRun['data_source']): Promise<RunTarget> {
    const model = await this.models.findForTenant(tenantId, source.model!);
    if (!model) throw new NotFoundException(`data_source.model: ${source.model} is not a model you may use`);
    if (source.checkpoint_step === undefined) return { modelId: model.id, modelName: model.name };
    return { modelId: model.id, modelName: await this.checkpointName(model, source.checkpoint_step), jobId: model.jobId, checkpointStep: source.checkpoint_step };
  }

  /** A checkpoint of one of the tenant's training jobs that saved whole models (not a LoRA job's adapter-only ones). */
  private async jobCheckpointTarget(tenantId: string, checkpoint: { job_id: string; step: number }): Promise<RunTarget> {
    const job = await this.evals.client.trainingJob.findFirst({ where: { id: checkpoint.job_id, tenantId } });
    if (!job || job.kind === 'tokenizer') throw new NotFoundException(`data_source.job_checkpoint.job_id: ${checkpoint.job_id} is not one of your model training jobs`);
    if (isLoraJobSettings(job.settings as unknown as ResolvedTrainingSettings)) {
      throw badRequest('data_source.job_checkpoint.job_id', 'a LoRA job’s checkpoints hold only the adapter, which an eval cannot run alone');
    }
    const steps = await this.evals.checkpointSteps(job.id);
    if (!steps.includes(checkpoint.step)) {
      throw new NotFoundException(`data_source.job_checkpoint.step: job ${job.id} saved no checkpoint at step ${checkpoint.step}; it has ${steps.join(', ') || 'none'}`);
    }
    return { modelId: null, modelName: jobCheckpointName(job, checkpoint.step), jobId: job.id, checkpointStep: checkpoint.step };
  }

  /** A checkpoint run's model name, once the model is one trained here whole and its job saved that step. */
  private async checkpointName(model: Model, step: number): Promise<string> {
    if (model.kind !== 'trained') throw badRequest('data_source.checkpoint_step', `${model.name} is ${model.kind === 'adapter' ? 'an adapter' : 'imported'}: only a model trained here whole has checkpoints to run`);
    const steps = await this.evals.checkpointSteps(model.jobId);
    if (!steps.includes(step)) throw new NotFoundException(`data_source.checkpoint_step: the job of ${model.name} saved no checkpoint at step ${step}; it has ${steps.join(', ') || 'none'}`);
    return checkpointModelName(model.name, step);
  }

  async getRun(tenantId: string, evalId: string, runId: string): Promise<EvalRun> {
    await this.get(tenantId, evalId);
    const run = await this.evals.findRun(evalId, runId);
    if (!run) throw new NotFoundException(`run ${runId} is not a run of eval ${evalId}`);
    return run;
  }

  /** A queued run is taken off the queue and cancelled at once; a running one stops after the items in hand. */
  async cancelRun(tenantId: string, evalId: string, runId: string): Promise<EvalRun> {
    const run = await this.getRun(tenantId, evalId, runId);
    if (!UNFINISHED_RUN_STATUSES.includes(run.status)) return run;
    await this.evals.requestCancel(runId);
    if (run.status === 'queued' && (await this.queue.withdraw(runId))) {
      const criteria = new CriterionTally(evalRunCriteria(await this.get(tenantId, evalId)));
      await this.completion.finish(run, { status: 'cancelled', resultCounts: criteria.resultCounts(), perCriterion: criteria.summaries(), usage: [] });
    }
    return this.getRun(tenantId, evalId, runId);
  }
}
