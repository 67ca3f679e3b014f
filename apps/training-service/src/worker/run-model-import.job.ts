import { ImportProgress } from '@llmchain/model-runtime';
import { Injectable } from '@nestjs/common';
import path from 'node:path';
import { TrainingJob } from '../generated/prisma/client';
import { importInThread } from '../imports/import-in-thread';
import { ModelImportSettings } from '../imports/model-import-settings';
import { registerImportedModel } from '../imports/imported-model-registration';
import { downloadBlob } from '../runner/blob-files';
import { uploadModelDirectory } from '../runner/model-artifact';
import { ConvertedModelJob } from './converted-model-job';

/** Progress is written to the job row at most this often; the import reports every tensor and graph. */
const PROGRESS_EVERY_MS = 1000;

/**
 * An import: fetches the source directory from the blob store, converts it on a worker thread
 * (importHfModelDirectory: F32 weights, graphs in fp32/q8/q4 with LoRA inputs), uploads the model directory and
 * registers it (kind imported).
 */
@Injectable()
export class RunModelImportJob extends ConvertedModelJob {
  protected readonly kind = 'import';

  protected async convert(job: TrainingJob, workDir: string): Promise<void> {
    const settings = job.settings as unknown as ModelImportSettings;
    const sourceDir = path.join(workDir, 'source');
    for (const file of settings.source.files) await downloadBlob(this.blobs, `${settings.source.prefix}/${file.path}`, path.join(sourceDir, file.path));
    const outDir = path.join(workDir, 'model');
    const imported = await importInThread({ sourceDir, outDir, variants: settings.variants }, this.progressWriter(job));
    const exported = await uploadModelDirectory(this.blobs, outDir, `tenants/${job.tenantId}/models/${job.id}/model`);
    await this.completion.succeedRegistering(job, (tx) => registerImportedModel(tx, this.outbox, job, settings, exported, imported));
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
