import { ImportProgress, ModelImportError } from '@llmchain/model-runtime';
import { BLOB_STORE, BlobStore, OutboxWriter, ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { TrainingJob } from '../generated/prisma/client';
import { importInThread } from '../imports/import-in-thread';
import { ModelImportSettings } from '../imports/model-import-settings';
import { registerImportedModel } from '../imports/imported-model-registration';
import { TrainingJobCompletion } from '../jobs/training-job-completion';
import { TERMINAL_STATUSES, TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { TrainingJobRef } from '../queues/queue-names';
import { downloadBlob } from '../runner/blob-files';
import { uploadModelDirectory } from '../runner/model-artifact';

/** Progress is written to the job row at most this often; the import reports every tensor and graph. */
const PROGRESS_EVERY_MS = 1000;

/**
 * queued → running → succeeded | failed: fetches the source directory from the blob store, converts it on a worker
 * thread (importHfModelDirectory: F32 weights, graphs in fp32/q8/q4, decoder_step_lora), uploads the model directory
 * and registers it (kind imported). A ModelImportError fails the job at once, naming the field; other errors are
 * retried by BullMQ, and the import starts over (it has no checkpoints: converting is repeatable).
 */
@Injectable()
export class RunModelImportJob {
  constructor(
    private readonly jobs: TrainingJobsRepository,
    private readonly completion: TrainingJobCompletion,
    private readonly outbox: OutboxWriter,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ jobId }: TrainingJobRef, lastAttempt: boolean): Promise<void> {
    const found = await this.jobs.findById(jobId);
    if (!found || found.kind !== 'import' || TERMINAL_STATUSES.includes(found.status)) return;
    if (found.cancelRequested) {
      await this.completion.cancelRunning(found, 0, 0);
      return;
    }
    const job = await this.start(found);
    const settings = job.settings as unknown as ModelImportSettings;
    const workDir = path.join(this.config.TRAINING_WORK_DIR, job.id);
    try {
      const sourceDir = path.join(workDir, 'source');
      for (const file of settings.source.files) await downloadBlob(this.blobs, `${settings.source.prefix}/${file.path}`, path.join(sourceDir, file.path));
      const progress = this.progressWriter(job);
      const outDir = path.join(workDir, 'model');
      const imported = await importInThread({ sourceDir, outDir, variants: settings.variants }, progress);
      const exported = await uploadModelDirectory(this.blobs, outDir, `tenants/${job.tenantId}/models/${job.id}/model`);
      await this.completion.succeedRegistering(job, (tx) => registerImportedModel(tx, this.outbox, job, settings, exported, imported));
    } catch (error) {
      const current = (await this.jobs.findById(job.id)) ?? job;
      if (error instanceof ModelImportError) {
        await this.completion.fail(current, `import failed: ${error.field}: ${error.message}`, 0);
        return;
      }
      if (lastAttempt) {
        await this.completion.fail(current, (error as Error).message, 0);
        return;
      }
      this.logger.warn({ jobId: job.id, err: error }, 'import attempt failed; BullMQ retries it');
      throw error;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private async start(job: TrainingJob): Promise<TrainingJob> {
    await this.jobs.client.$transaction((tx) =>
      this.jobs.transition(tx, job.id, ['queued', 'running'], { status: 'running', startedAt: job.startedAt ?? new Date() }, {
        level: job.status === 'queued' ? 'info' : 'warning',
        type: 'status',
        message: job.status === 'queued' ? 'import started' : 'import picked up again (its worker stopped or the attempt failed); starting over',
      }),
    );
    return (await this.jobs.findById(job.id))!;
  }

  /** Records `{phase, item, done, total}` on the job row, throttled; a failed write only delays the next one. */
  private progressWriter(job: TrainingJob): (progress: ImportProgress) => void {
    let lastWrite = 0;
    return (progress) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_EVERY_MS && progress.done !== progress.total) return;
      lastWrite = now;
      this.jobs.client.trainingJob
        .update({ where: { id: job.id }, data: { progress: { ...progress } } })
        .catch((error: Error) => this.logger.warn({ jobId: job.id, err: error }, 'could not record import progress'));
    };
  }
}
