import { TOPICS } from '@llmchain/contracts';
import { OutboxWriter } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { CreditAdmission } from '../credits/credit-admission';
import { Prisma, TrainingJob } from '../generated/prisma/client';
import { ModelsRepository } from '../models/models.repository';
import { TrainingJobResult } from '../runner';
import { RunLease } from './run-lease';
import { JobEventInput, TrainingJobsRepository } from './training-jobs.repository';
import { registerAdapter } from '../models/adapter-registration';
import { modelName } from '../models/model-name';
import { createRegisteredModel } from '../models/model-registration';
import { TrainingRunJob } from './training-run-job';

const UNSTARTED = ['validating_files', 'queued'] as const;
const UNFINISHED = ['validating_files', 'queued', 'running'] as const;

/**
 * Every way a job ends, each one transaction: the terminal status, its event, what the job produced, and
 * training.job.completed (what billing meters) in the outbox — so a job is never finished without being metered, nor
 * metered twice. A job already finished is left as it is. Once the end is committed, the job's credit hold ends.
 */
@Injectable()
export class TrainingJobCompletion {
  constructor(
    private readonly jobs: TrainingJobsRepository,
    private readonly models: ModelsRepository,
    private readonly outbox: OutboxWriter,
    private readonly credits: CreditAdmission,
  ) {}

  /** Ends the job's credit hold once its end is committed (not when another process had ended it already). */
  private async releasing(job: TrainingJob, ended: Promise<boolean>): Promise<boolean> {
    const done = await ended;
    if (done) await this.credits.releaseRun(job.tenantId, job.id);
    return done;
  }

  cancelBeforeStart(job: TrainingJob): Promise<boolean> {
    return this.finish(job, UNSTARTED, 'cancelled', 0, { level: 'info', type: 'status', message: 'cancelled before it started' });
  }

  /** `lease`: the attempt that stopped (a stale one, taken over by another worker, ends nothing: LeaseLost). */
  cancelRunning(job: TrainingJob, trainedTokens: number, step: number, lease?: RunLease): Promise<boolean> {
    return this.finish(job, UNFINISHED, 'cancelled', trainedTokens, {
      level: 'info',
      type: 'status',
      message: `cancelled at step ${step}; its checkpoints are kept`,
    }, {}, lease);
  }

  /** `lease`: the attempt that failed (a stale one, taken over by another worker, ends nothing: LeaseLost). */
  fail(job: TrainingJob, message: string, trainedTokens = Number(job.trainedTokens), lease?: RunLease): Promise<boolean> {
    return this.finish(job, UNFINISHED, 'failed', trainedTokens, { level: 'error', type: 'status', message }, { error: message }, lease);
  }

  /**
   * Registers what the job produced (tokenizer, model) and announces the model to serving; only while `lease` (the
   * attempt that trained it) still holds the job, else LeaseLost and nothing is registered.
   */
  succeed(job: TrainingRunJob, result: TrainingJobResult, vocabSize: number, lease?: RunLease): Promise<boolean> {
    return this.releasing(job, this.succeedIn(job, result, vocabSize, lease));
  }

  private async succeedIn(job: TrainingRunJob, result: TrainingJobResult, vocabSize: number, lease?: RunLease): Promise<boolean> {
    return this.inLease(lease, async (tx) => {
      const tokenizerId = result.tokenizer.trained
        ? (
            await this.models.createTokenizer(tx, {
              tenantId: job.tenantId,
              datasetVersionId: job.datasetVersionId,
              jobId: job.id,
              blobKey: result.tokenizer.blobKey,
              sha256: result.tokenizer.sha256,
              vocabSize,
            })
          ).id
        : job.tokenizerId;
      let modelId: string | null = null;
      if (result.adapter) {
        const base = job.baseModelId ? await tx.model.findUnique({ where: { id: job.baseModelId } }) : null;
        if (!base) throw new Error(`job ${job.id} trained an adapter for base model ${job.baseModelId}, which is no longer recorded`);
        modelId = await registerAdapter(tx, this.outbox, job, base, result.adapter);
      } else if (result.model) {
        if (!tokenizerId) throw new Error(`job ${job.id} used a tokenizer it has no record of`);
        modelId = await this.registerModel(tx, job, result, tokenizerId);
      }
      const selected = result.selectedCheckpoint;
      if (selected) {
        await this.jobs.appendEvent(tx, job.id, { level: 'info', type: 'checkpoint_selected', message: `registering ${selected.reason}`, data: { ...selected } });
      }
      const done = await this.finishIn(tx, job, UNFINISHED, 'succeeded', result.trainedTokens, modelId, {
        level: 'info',
        type: 'status',
        message: modelId
          ? `succeeded: ${result.adapter ? 'adapter' : 'model'} ${modelId} registered${selected ? ` from the checkpoint at step ${selected.step}` : ''}`
          : 'succeeded: tokenizer trained',
      }, { tokenizerId, selectedCheckpoint: selected ? { ...selected } : undefined });
      if (!done) throw new AlreadyFinished();
      return true;
    }).catch((error) => {
      if (error instanceof AlreadyFinished) return false;
      throw error;
    });
  }

  /**
   * Ends a job that produced a model without training (an import, a merge): `register` records the model and its
   * model.registered in the same transaction as the job's end, metered at 0 trained tokens.
   */
  async succeedRegistering(job: TrainingJob, register: (tx: Prisma.TransactionClient) => Promise<string>): Promise<boolean> {
    return this.jobs.client
      .$transaction(async (tx) => {
        const modelId = await register(tx);
        const event: JobEventInput = { level: 'info', type: 'status', message: `succeeded: model ${modelId} registered` };
        if (!(await this.finishIn(tx, job, UNFINISHED, 'succeeded', 0, modelId, event))) throw new AlreadyFinished();
        return true;
      })
      .catch((error) => {
        if (error instanceof AlreadyFinished) return false;
        throw error;
      });
  }

  private async registerModel(tx: Prisma.TransactionClient, job: TrainingRunJob, result: TrainingJobResult, tokenizerId: string): Promise<string> {
    const trained = result.model!;
    const base = job.baseModelId ? await tx.model.findUnique({ where: { id: job.baseModelId } }) : null;
    return createRegisteredModel(tx, this.outbox, {
      tenantId: job.tenantId,
      name: modelName(job, base?.name ?? null),
      jobId: job.id,
      datasetVersionId: job.datasetVersionId,
      baseModelId: job.baseModelId,
      tokenizerId,
      artifactBlobKey: trained.artifactBlobKey,
      artifactSha256: trained.artifactSha256,
      weightsBlobKey: trained.weightsBlobKey,
      tokenizerBlobKey: trained.tokenizerBlobKey,
      config: trained.config as object,
      metrics: trained.metrics,
      files: trained.files as unknown as Prisma.InputJsonValue,
    });
  }

  private async finish(
    job: TrainingJob,
    from: readonly TrainingJob['status'][],
    status: 'cancelled' | 'failed',
    trainedTokens: number,
    event: JobEventInput,
    extra: Prisma.TrainingJobUncheckedUpdateInput = {},
    lease?: RunLease,
  ): Promise<boolean> {
    return this.releasing(
      job,
      this.inLease(lease, (tx) => this.finishIn(tx, job, from, status, trainedTokens, null, event, extra)),
    );
  }

  /** A write the attempt holding `lease` makes (fenced out with LeaseLost once another holds the job), or, without one, any. */
  private inLease<T>(lease: RunLease | undefined, write: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return lease ? lease.transaction(write) : this.jobs.client.$transaction(write);
  }

  private async finishIn(
    tx: Prisma.TransactionClient,
    job: TrainingJob,
    from: readonly TrainingJob['status'][],
    status: 'succeeded' | 'cancelled' | 'failed',
    trainedTokens: number,
    modelId: string | null,
    event: JobEventInput,
    extra: Prisma.TrainingJobUncheckedUpdateInput = {},
  ): Promise<boolean> {
    const moved = await this.jobs.transition(
      tx,
      job.id,
      from,
      { ...extra, status, modelId, trainedTokens: BigInt(trainedTokens), finishedAt: new Date() },
      event,
    );
    if (!moved) return false;
    const modelName = modelId ? ((await tx.model.findUnique({ where: { id: modelId }, select: { name: true } }))?.name ?? null) : null;
    await this.outbox.write(tx, [
      {
        topic: TOPICS.trainingJobCompleted,
        key: job.tenantId,
        data: { tenantId: job.tenantId, jobId: job.id, modelId, modelName, status, trainedTokens },
      },
    ]);
    return true;
  }
}

/** Rolls back a success whose job was finished meanwhile (cancelled at the last moment): nothing is registered. */
class AlreadyFinished extends Error {}
