import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import path from 'node:path';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { DatasetVersionsRepository } from '../datasets/dataset-versions.repository';
import { EvalRun, Prisma } from '../generated/prisma/client';
import { trainingJobOutputPrefix } from '../jobs/job-output-prefix';
import { TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { ModelsRepository } from '../models/models.repository';
import { trainedTokenizerKey } from '../runner/job-tokenizer';
import { TrainingJobError } from '../runner';
import { readDatasetManifest } from '../runner/dataset-records';
import { CreateEvalRun, evalRunCriteria } from './eval.dto';
import { EvalRunCompletion, RunOutcome } from './eval-run-completion';
import { EvalRunRef } from './eval-run-queue';
import { EvalsRepository, UNFINISHED_RUN_STATUSES } from './evals.repository';
import { CriterionResult, CriterionTally, itemVerdict } from './runner/criterion-tally';
import { EvalItem, evalItems } from './runner/eval-items';
import { CheckpointNotServableError } from './runner/checkpoint-model';
import { EvalModel, EvalModelLoader, EvalModelUnavailableError } from './runner/eval-models';
import { gradeItem } from './runner/item-grader';
import { generateSamples, Sample } from './runner/sample-generation';
import { RunUsage, UsageByModel } from './runner/usage-meter';

/** Items graded between two writes (one transaction each) and two looks at the cancel flag; also the decode batch. */
const CHUNK_ITEMS = 8;

/** A run that cannot go on whatever the retries (its dataset altered, its model gone, its time spent). */
class EvalRunStopped extends Error {}

/**
 * queued → running → succeeded | failed | cancelled: reads the eval's items from its dataset version, has the model
 * answer them (when the run has a prompt template), grades each on every criterion, and records the items a chunk at
 * a time with the tallies and usage so far. A retried run continues after the last item recorded.
 */
@Injectable()
export class RunEvalJob {
  private readonly loader: EvalModelLoader;

  constructor(
    private readonly evals: EvalsRepository,
    private readonly datasets: DatasetVersionsRepository,
    private readonly completion: EvalRunCompletion,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
    private readonly models: ModelsRepository,
    private readonly jobs: TrainingJobsRepository,
  ) {
    this.loader = new EvalModelLoader(
      blobs,
      models,
      path.join(config.TRAINING_WORK_DIR, 'eval-models'),
      (jobId, step) => evals.findCheckpoint(jobId, step),
      (tenantId, jobId) => this.jobTokenizerKey(tenantId, jobId),
    );
  }

  /** Where the job's tokenizer lies: a fine-tune's base's, the dataset version's it reuses, else the one it trained. */
  private async jobTokenizerKey(tenantId: string, jobId: string): Promise<string | null> {
    const job = await this.jobs.findForTenant(tenantId, jobId);
    if (!job) return null;
    const base = job.baseModelId ? await this.models.findForTenant(tenantId, job.baseModelId) : null;
    if (base) return base.tokenizerBlobKey;
    const reused = await this.models.findTokenizer(job.tokenizerId);
    return reused?.blobKey ?? trainedTokenizerKey(trainingJobOutputPrefix(job));
  }

  async execute({ runId }: EvalRunRef, lastAttempt: boolean): Promise<void> {
    const queued = await this.evals.findRunById(runId);
    if (!queued || !UNFINISHED_RUN_STATUSES.includes(queued.status)) return;
    // Conditional, so a cancel that finished the run meanwhile is never overwritten.
    const { count } = await this.evals.client.evalRun.updateMany({
      where: { id: runId, status: { in: [...UNFINISHED_RUN_STATUSES] } },
      data: { status: 'running', startedAt: queued.startedAt ?? new Date() },
    });
    const run = count === 1 ? await this.evals.findRunById(runId) : null;
    const evalRow = run && (await this.evals.findEvalById(run.evalId));
    if (!run || !evalRow) return;
    const criteria = evalRunCriteria(evalRow);
    const tally = new CriterionTally(criteria);
    for (const item of await this.evals.gradedItems(runId)) tally.add({ results: item.results as unknown as CriterionResult[], passed: item.passed, error: item.error });
    const usage = new RunUsage(run.usageByModel as UsageByModel);
    const outcome = (status: RunOutcome['status'], error?: string): RunOutcome => ({
      status,
      resultCounts: tally.resultCounts(),
      perCriterion: tally.summaries(),
      usage: usage.list(),
      error,
    });
    if (run.cancelRequested) {
      await this.completion.finish(run, outcome('cancelled'));
      return;
    }
    try {
      const stopped = await this.gradeItems(run, evalRow.datasetVersionId, criteria, tally, usage);
      await this.completion.finish(run, outcome(stopped ? 'cancelled' : 'succeeded'));
    } catch (error) {
      const permanent =
        error instanceof EvalRunStopped || error instanceof EvalModelUnavailableError || error instanceof CheckpointNotServableError || error instanceof TrainingJobError;
      if (!permanent && !lastAttempt) throw error;
      await this.completion.finish(run, outcome('failed', (error as Error).message));
    }
  }

  /** A run BullMQ gave up on (its workers died too often) fails with the tallies and usage its attempts recorded. */
  async failAbandoned(runId: string, message: string): Promise<void> {
    const run = await this.evals.findRunById(runId);
    if (!run) return;
    await this.completion.finish(run, {
      status: 'failed',
      resultCounts: run.resultCounts as unknown as RunOutcome['resultCounts'],
      perCriterion: run.perCriterion as unknown as RunOutcome['perCriterion'],
      usage: new RunUsage(run.usageByModel as UsageByModel).list(),
      error: message,
    });
  }

  /** A training job's checkpoint (no model registered yet), a model's checkpoint, or the model as registered. */
  private modelUnderTest(run: EvalRun): Promise<EvalModel> {
    if (run.modelId === null) {
      if (run.jobId === null || run.checkpointStep === null) throw new EvalRunStopped('the run names neither a model nor a training job checkpoint');
      return this.loader.loadJobCheckpoint(run.tenantId, run.jobId, run.checkpointStep, run.modelName);
    }
    // From the data source: runs created before checkpoint_step had a column of its own carry it only there.
    const step = (run.dataSource as CreateEvalRun['data_source']).checkpoint_step;
    return step === undefined ? this.loader.load(run.tenantId, run.modelId) : this.loader.loadCheckpoint(run.tenantId, run.modelId, step);
  }

  /** Grades the items not yet recorded; true when a cancel stopped it. */
  private async gradeItems(run: EvalRun, datasetVersionId: string, criteria: ReturnType<typeof evalRunCriteria>, tally: CriterionTally, usage: RunUsage): Promise<boolean> {
    const deadline = (run.startedAt ?? new Date()).getTime() + this.config.EVAL_RUN_MAX_SECONDS * 1000;
    const dataset = await this.datasets.findForTenant(run.tenantId, datasetVersionId);
    if (!dataset) throw new EvalRunStopped(`dataset version ${datasetVersionId} is no longer known`);
    const manifest = await readDatasetManifest(this.blobs, dataset);
    const source = run.dataSource as CreateEvalRun['data_source'];
    const model = await this.modelUnderTest(run);
    const context = {
      model,
      graders: (modelId: string) => this.loader.load(run.tenantId, modelId),
      embedders: (modelId: string) => this.loader.embedder(run.tenantId, modelId),
      usage,
      maxTokensPerItem: this.config.EVAL_MAX_TOKENS_PER_ITEM,
    };
    let chunk: EvalItem[] = [];
    const flush = async () => {
      const graded: Prisma.EvalRunItemCreateManyInput[] = [];
      const samples = source.input_messages
        ? await generateSamples(model, source.input_messages.template, source.sampling_params, chunk.filter((c) => c.error === null).map((c) => ({ index: c.index, namespaces: { item: c.item } })), usage, context.maxTokensPerItem)
        : [];
      let k = 0;
      for (const entry of chunk) {
        let sample: Sample | null = null;
        let itemError = entry.error;
        if (itemError === null && source.input_messages) {
          const generated = samples[k++];
          if ('error' in generated) itemError = generated.error;
          else sample = generated.sample;
        }
        const results = itemError === null ? await gradeItem(criteria, { item: entry.item, ...(sample ? { sample } : {}) }, context) : [];
        const verdict = itemVerdict(results, itemError);
        tally.add({ results, ...verdict });
        graded.push({ runId: run.id, index: entry.index, item: entry.item as Prisma.InputJsonObject, sample: sample ?? Prisma.DbNull, results: results as unknown as Prisma.InputJsonArray, ...verdict });
      }
      await this.evals.client.$transaction(async (tx) => {
        await tx.evalRunItem.createMany({ data: graded, skipDuplicates: true });
        await tx.evalRun.update({
          where: { id: run.id },
          data: { resultCounts: tally.resultCounts(), perCriterion: tally.summaries(), usageByModel: usage.snapshot() as Prisma.InputJsonObject },
        });
      });
      chunk = [];
    };
    const startIndex = tally.resultCounts().total;
    for await (const item of evalItems(this.blobs, manifest, this.config.EVAL_MAX_ITEM_BYTES, startIndex)) {
      chunk.push(item);
      if (chunk.length < CHUNK_ITEMS) continue;
      await flush();
      if (await this.evals.cancelRequested(run.id)) return true;
      if (Date.now() > deadline) throw new EvalRunStopped(`the run passed its time bound of ${this.config.EVAL_RUN_MAX_SECONDS} s (EVAL_RUN_MAX_SECONDS); the items graded so far are kept`);
    }
    if (chunk.length) await flush();
    return false;
  }
}
