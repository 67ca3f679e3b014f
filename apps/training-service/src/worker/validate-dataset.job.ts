import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DatasetVersionsRepository } from '../datasets/dataset-versions.repository';
import { TrainingJobCompletion } from '../jobs/training-job-completion';
import { TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { isTrainingRunJob } from '../jobs/training-run-job';
import { TrainingQueues } from '../queues/training-queues';
import { TrainingJobRef } from '../queues/queue-names';
import { TrainingJobError } from '../runner';
import { readDatasetManifest } from '../runner/dataset-records';

/**
 * validating_files → queued: the manifest matches the checksum published with the version, every shard it lists is in
 * the blob store at its recorded size, and the records suit the kind (pretraining reads documents). Then the job
 * waits for a training slot, with its tenant's fair-share priority. A dataset that fails fails the job, with the reason.
 */
@Injectable()
export class ValidateDatasetJob {
  constructor(
    private readonly jobs: TrainingJobsRepository,
    private readonly datasets: DatasetVersionsRepository,
    private readonly queues: TrainingQueues,
    private readonly completion: TrainingJobCompletion,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async execute({ jobId, tenantId }: TrainingJobRef): Promise<void> {
    const job = await this.jobs.findById(jobId);
    // A retry after the status moved but before the run was enqueued finds it queued: enqueue again (ids dedupe).
    if (job?.status === 'queued') return this.queues.enqueueRun({ jobId, tenantId }, await this.jobs.countWaitingAhead(job));
    if (!job || job.status !== 'validating_files') return;
    if (job.cancelRequested) {
      await this.completion.cancelBeforeStart(job);
      return;
    }
    // Imports and merges have no dataset and are queued when created; nothing validates them here.
    if (!isTrainingRunJob(job)) return;
    const problem = await this.datasetProblem(tenantId, job.datasetVersionId, job.kind);
    if (problem) {
      await this.completion.fail(job, `dataset validation failed: ${problem}`);
      return;
    }
    const waitingAhead = await this.jobs.countWaitingAhead(job);
    const moved = await this.jobs.client.$transaction((tx) =>
      this.jobs.transition(tx, jobId, ['validating_files'], { status: 'queued' }, {
        level: 'info',
        type: 'status',
        message: 'dataset files validated; queued for training',
      }),
    );
    if (moved) await this.queues.enqueueRun({ jobId, tenantId }, waitingAhead);
  }

  private async datasetProblem(tenantId: string, datasetVersionId: string, kind: string): Promise<string | null> {
    const dataset = await this.datasets.findForTenant(tenantId, datasetVersionId);
    if (!dataset) return `dataset version ${datasetVersionId} is no longer known`;
    try {
      const manifest = await readDatasetManifest(this.blobs, dataset);
      if (kind === 'pretrain' && manifest.format !== 'documents') {
        return `pretraining reads documents, but this version holds ${manifest.format} records: fine-tune on it instead`;
      }
      if (manifest.shards.length === 0) return 'the version has no shards (no documents survived cleaning)';
      for (const shard of manifest.shards) {
        const size = await this.blobs.size(shard.key);
        if (size === null) return `shard ${shard.key} is missing from the blob store`;
        if (size !== shard.bytes) return `shard ${shard.key} holds ${size} bytes, not the ${shard.bytes} the manifest records`;
      }
      return null;
    } catch (error) {
      if (error instanceof TrainingJobError) return error.message;
      throw error;
    }
  }
}
