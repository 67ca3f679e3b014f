import { ModelImportError, ModelRuntimeError } from '@llmchain/model-runtime';
import { bindIdempotentContent, BLOB_STORE, BlobStore, tenantLimitReached } from '@llmchain/platform';
import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { pipeline, Transform } from 'node:stream';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { TrainingJob } from '../generated/prisma/client';
import { TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { ModelStorageQuota } from '../models/model-storage-quota';
import { ModelsRepository } from '../models/models.repository';
import { TrainingQueues } from '../queues/training-queues';
import { downloadBlob, uploadFile } from '../runner/blob-files';
import { decideEntry, ModelUploadError, UploadLimits } from './hf-directory-entries';
import { preflightHfDirectory } from './import-preflight';
import { ImportFromBlob, ImportUploadQuery } from './model-import.dto';
import { IMPORT_VARIANTS, ModelImportSettings } from './model-import-settings';
import { extractModelDirectoryTar } from './model-directory-tar';

const MAX_TEXT_FILE_BYTES = 64 * 2 ** 20;
const MAX_ENTRIES = 256;
/** Fetched from a blob-store source to check before queueing; the weights stay where they are until the job runs. */
const SMALL_FILES_CHECKED = ['config.json', 'tokenizer.json'];


/**
 * Starting an import: the source is checked (entry paths, file names, sizes, config, tokenizer, tensor shapes) before
 * anything is recorded, so a bad directory is a 400 naming the file or field and leaves nothing behind; then the job
 * is queued for a training worker, which converts, exports and registers the model.
 */
@Injectable()
export class ModelImportsService {
  constructor(
    private readonly jobs: TrainingJobsRepository,
    private readonly models: ModelsRepository,
    private readonly queues: TrainingQueues,
    private readonly storageQuota: ModelStorageQuota,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
  ) {}

  /**
   * `request` is the tar body. A retried upload's Idempotency-Key is bound to the archive's SHA-256 (the platform's
   * interceptor replays the first answer for the same archive, 422 for another), taken as the body streams through.
   */
  async importUpload(tenantId: string, request: IncomingMessage, query: ImportUploadQuery): Promise<TrainingJob> {
    await this.storageQuota.assertRoomForAnotherModel(tenantId);
    const visibility = this.visibility(tenantId, query.platform);
    const jobId = randomUUID();
    const staging = path.join(this.config.TRAINING_WORK_DIR, 'uploads', jobId);
    const prefix = `tenants/${tenantId}/model-imports/${jobId}/source`;
    try {
      const archive = createHash('sha256');
      const hashed = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          archive.update(chunk);
          done(null, chunk);
        },
      });
      pipeline(request, hashed, () => {});
      const extracted = await asBadRequest(() => extractModelDirectoryTar(hashed, staging, this.limits()));
      await bindIdempotentContent(request, archive.digest('hex'));
      await asBadRequest(async () => preflightHfDirectory(staging));
      const sourceName = extracted.folderName ?? query.name ?? 'upload';
      const name = await this.freeName(tenantId, query.name ?? extracted.folderName ?? `import-${jobId.slice(0, 8)}`);
      for (const file of extracted.files) await uploadFile(this.blobs, path.join(staging, file.path), `${prefix}/${file.path}`);
      const settings: ModelImportSettings = {
        kind: 'import', name, visibility, variants: IMPORT_VARIANTS, source: { name: sourceName, origin: 'upload', prefix, files: extracted.files },
      };
      return await this.start(tenantId, jobId, settings);
    } catch (error) {
      await this.removeBlobs(prefix);
      throw error;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async importFromBlob(tenantId: string, request: ImportFromBlob): Promise<TrainingJob> {
    await this.storageQuota.assertRoomForAnotherModel(tenantId);
    const visibility = this.visibility(tenantId, request.platform);
    const prefix = request.blob_key.replace(/\/+$/, '');
    if (!prefix.startsWith(`tenants/${tenantId}/`) || prefix.split('/').includes('..')) {
      throw badRequest('blob_key', `must name a folder under tenants/${tenantId}/ (your tenant's part of the blob store)`);
    }
    const files = await asBadRequest(() => this.listSource(prefix));
    const jobId = randomUUID();
    const staging = path.join(this.config.TRAINING_WORK_DIR, 'uploads', jobId);
    try {
      for (const name of SMALL_FILES_CHECKED.filter((n) => files.some((f) => f.path === n))) {
        await downloadBlob(this.blobs, `${prefix}/${name}`, path.join(staging, name));
      }
      await asBadRequest(async () => preflightHfDirectory(staging, { weights: false }));
      if (!files.some((f) => f.path.endsWith('.safetensors'))) throw badRequest('model.safetensors', 'the folder has no safetensors weights');
      const sourceName = request.name ?? path.posix.basename(prefix);
      const name = await this.freeName(tenantId, request.name ?? path.posix.basename(prefix));
      const settings: ModelImportSettings = { kind: 'import', name, visibility, variants: IMPORT_VARIANTS, source: { name: sourceName, origin: 'blob', prefix, files } };
      return await this.start(tenantId, jobId, settings);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  private async start(tenantId: string, jobId: string, settings: ModelImportSettings): Promise<TrainingJob> {
    const maxUnfinished = this.config.TRAINING_TENANT_MAX_QUEUED_JOBS;
    const outcome = await this.jobs.createWithinLimit(
      {
        id: jobId, tenantId, kind: 'import', status: 'queued', datasetVersionId: null, settings: settings as object,
        requested: { name: settings.name, visibility: settings.visibility, source: settings.source.name },
      },
      { level: 'info', type: 'status', message: `import of ${settings.source.name} queued (${settings.source.files.length} files checked)` },
      maxUnfinished,
    );
    if ('unfinished' in outcome) {
      if (settings.source.origin === 'upload') await this.removeBlobs(settings.source.prefix);
      throw tenantLimitReached(
        'queued_training_jobs',
        `you have ${outcome.unfinished} training jobs or imports validating, queued or running, the most a tenant may have (${maxUnfinished}): import this one when one of them has finished, or cancel one`,
      );
    }
    try {
      await this.queues.enqueueImport({ jobId, tenantId });
    } catch (error) {
      await this.jobs.client.trainingJob.delete({ where: { id: jobId } });
      throw new ServiceUnavailableException(`the job queue is unavailable (${(error as Error).message}); nothing was created, retry shortly`);
    }
    return outcome.created;
  }

  private visibility(tenantId: string, platform: boolean): ModelImportSettings['visibility'] {
    if (!platform) return 'tenant';
    if (!this.config.TRAINING_PLATFORM_TENANTS.includes(tenantId)) {
      throw new ForbiddenException('platform: only the operators\' tenant (TRAINING_PLATFORM_TENANTS) imports platform-wide bases');
    }
    return 'platform';
  }

  private async freeName(tenantId: string, name: string): Promise<string> {
    if (await this.models.findByName(tenantId, name)) throw new ConflictException(`name: you already have a model named ${name}; choose another`);
    return name;
  }

  /** The files of a blob-store folder, each checked as an archive entry would be. */
  private async listSource(prefix: string): Promise<{ path: string; bytes: number }[]> {
    const keys = await this.filesUnder(prefix);
    if (keys.length === 0) throw new ModelUploadError('blob_key', `there are no files under ${prefix}/`);
    if (keys.length > MAX_ENTRIES) throw new ModelUploadError('blob_key', `the folder has more than ${MAX_ENTRIES} files`);
    const limits = this.limits();
    const folder = { name: null };
    const files: { path: string; bytes: number }[] = [];
    let total = 0;
    for (const key of keys) {
      const decision = decideEntry(key.slice(prefix.length + 1), 'file', folder, limits);
      if (!decision.keep) continue;
      const bytes = (await this.blobs.size(key)) ?? 0;
      if (bytes > decision.maxBytes) throw new ModelUploadError(decision.name, `${decision.name} is ${bytes} bytes, more than the ${decision.maxBytes} allowed`);
      total += bytes;
      if (total > limits.maxTotalBytes) throw new ModelUploadError('blob_key', `the model directory is larger than the ${limits.maxTotalBytes} bytes allowed`);
      files.push({ path: decision.name, bytes });
    }
    return files;
  }

  private limits(): UploadLimits {
    const total = this.config.MODEL_IMPORT_MAX_BYTES;
    return { maxWeightsFileBytes: total, maxTextFileBytes: Math.min(MAX_TEXT_FILE_BYTES, total), maxTotalBytes: total, maxEntries: MAX_ENTRIES };
  }

  private async removeBlobs(prefix: string): Promise<void> {
    for (const key of await this.filesUnder(prefix)) await this.blobs.delete(key);
  }

  /** Keys inside the folder `prefix` (a store lists by string prefix: `a/b` alone would also match `a/bc/…`). */
  private async filesUnder(prefix: string): Promise<string[]> {
    return (await this.blobs.list(prefix)).filter((key) => key.startsWith(`${prefix}/`));
  }
}

function badRequest(field: string, message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`${field}: ${message}`] });
}

/** An upload or import problem becomes a 400 naming the entry, file or config field at fault. */
async function asBadRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ModelUploadError || error instanceof ModelImportError) throw badRequest(error.field, error.message);
    if (error instanceof ModelRuntimeError) throw badRequest('config.json', error.message);
    throw error;
  }
}
