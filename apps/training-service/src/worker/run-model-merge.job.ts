import { TOPICS } from '@llmchain/contracts';
import {
  Checkpoint, DecoderModelConfig, decoderShape, encodeSafetensors, expectedParamShapes, mergeLoraAdapter, ModelImportError, readCheckpointParams, readPeftAdapter,
} from '@llmchain/model-runtime';
import { BLOB_STORE, BlobStore, OutboxWriter, ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { Model, Prisma, TrainingJob } from '../generated/prisma/client';
import { importInThread } from '../imports/import-in-thread';
import { TrainingJobCompletion } from '../jobs/training-job-completion';
import { TERMINAL_STATUSES, TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { ModelMergeSettings } from '../merges/model-merge-settings';
import { registeredShape } from '../models/registered-shape';
import { TrainingJobRef } from '../queues/queue-names';
import { downloadBlob } from '../runner/blob-files';
import { ExportedModel, uploadModelDirectory } from '../runner/model-artifact';

/** The base directory's files a merge copies besides the weights (what importHfModelDirectory reads). */
const BASE_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

/**
 * queued → running → succeeded | failed: W + (alpha/r)·B·A of an adapter folded into its imported base
 * (mergeLoraAdapter), written as a Hugging Face directory beside the base's config and tokenizer, converted like an
 * import (every variant, decoder_step_lora) and registered as a full model whose base is the adapter's. Repeatable:
 * a retried attempt starts over.
 */
@Injectable()
export class RunModelMergeJob {
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
    if (!found || found.kind !== 'merge' || TERMINAL_STATUSES.includes(found.status)) return;
    if (found.cancelRequested) {
      await this.completion.cancelRunning(found, 0, 0);
      return;
    }
    await this.jobs.client.$transaction((tx) =>
      this.jobs.transition(tx, found.id, ['queued', 'running'], { status: 'running', startedAt: found.startedAt ?? new Date() }, {
        level: found.status === 'queued' ? 'info' : 'warning', type: 'status', message: found.status === 'queued' ? 'merge started' : 'merge picked up again; starting over',
      }),
    );
    const job = (await this.jobs.findById(found.id))!;
    const settings = job.settings as unknown as ModelMergeSettings;
    const workDir = path.join(this.config.TRAINING_WORK_DIR, job.id);
    try {
      const [adapterModel, base] = await Promise.all([
        this.jobs.client.model.findUniqueOrThrow({ where: { id: settings.adapterModelId } }),
        this.jobs.client.model.findUniqueOrThrow({ where: { id: settings.baseModelId } }),
      ]);
      const sourceDir = path.join(workDir, 'source');
      await this.writeMergedDirectory(base, adapterModel, sourceDir, path.join(workDir, 'adapter'));
      const outDir = path.join(workDir, 'model');
      const imported = await importInThread({ sourceDir, outDir, variants: settings.variants }, () => undefined);
      const exported = await uploadModelDirectory(this.blobs, outDir, `tenants/${job.tenantId}/models/${job.id}/model`);
      await this.completion.succeedRegistering(job, (tx) => this.register(tx, job, settings, base, imported.model, exported, imported.parameterCount));
    } catch (error) {
      const current = (await this.jobs.findById(job.id)) ?? job;
      if (error instanceof ModelImportError || lastAttempt) {
        await this.completion.fail(current, `merge failed: ${error instanceof ModelImportError ? `${error.field}: ` : ''}${(error as Error).message}`, 0);
        return;
      }
      this.logger.warn({ jobId: job.id, err: error }, 'merge attempt failed; BullMQ retries it');
      throw error;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** The base's config and tokenizer files with model.safetensors holding the merged weights (F32, the base's names). */
  private async writeMergedDirectory(base: Model, adapterModel: Model, sourceDir: string, adapterDir: string): Promise<void> {
    const stored = new Set((base.files as unknown as { path: string }[]).map((f) => f.path));
    for (const file of [...BASE_FILES.filter((f) => stored.has(f)), 'model.safetensors']) {
      await downloadBlob(this.blobs, `${base.artifactBlobKey}/${file}`, path.join(sourceDir, file));
    }
    for (const file of adapterModel.files as unknown as { path: string }[]) {
      await downloadBlob(this.blobs, `${adapterModel.artifactBlobKey}/${file.path}`, path.join(adapterDir, file.path));
    }
    const model = { architecture: base.architecture, config: base.config } as unknown as DecoderModelConfig;
    const checkpoint = Checkpoint.open(sourceDir);
    let params;
    try {
      params = readCheckpointParams(checkpoint, model);
    } finally {
      checkpoint.close();
    }
    const merged = mergeLoraAdapter(params, readPeftAdapter(adapterDir));
    const tensors = new Map([...expectedParamShapes(model)].map(([name, shape]) => [name, { shape, data: merged.get(name)! }]));
    const chunks = encodeSafetensors({ tensors, metadata: { format: 'pt' } });
    writeFileSync(path.join(sourceDir, 'model.safetensors'), Buffer.concat(chunks));
  }

  /** The merged model (kind trained: a fine-tune, whole), its base the adapter's, announced with model.registered v3. */
  private async register(
    tx: Prisma.TransactionClient,
    job: TrainingJob,
    settings: ModelMergeSettings,
    base: Model,
    model: DecoderModelConfig,
    exported: ExportedModel,
    parameterCount: number,
  ): Promise<string> {
    const created = await tx.model.create({
      data: {
        tenantId: job.tenantId,
        name: settings.name,
        jobId: job.id,
        kind: 'trained',
        architecture: model.architecture,
        visibility: 'tenant',
        datasetVersionId: null,
        baseModelId: base.id,
        tokenizerId: base.tokenizerId,
        artifactBlobKey: exported.artifactBlobKey,
        artifactSha256: exported.artifactSha256,
        weightsBlobKey: exported.weightsBlobKey,
        tokenizerBlobKey: exported.tokenizerBlobKey,
        config: model.config as object,
        metrics: { parameterCount, mergedFrom: settings.adapterModelId },
        files: exported.files as unknown as Prisma.InputJsonValue,
      },
    });
    await this.outbox.write(tx, [
      {
        topic: TOPICS.modelRegistered,
        key: job.tenantId,
        data: {
          tenantId: job.tenantId,
          modelId: created.id,
          name: settings.name,
          trainingJobId: job.id,
          datasetVersionId: null,
          kind: 'trained',
          architecture: model.architecture,
          visibility: 'tenant',
          baseModelId: base.id,
          adapter: null,
          artifactBlobKey: exported.artifactBlobKey,
          artifactSha256: exported.artifactSha256,
          tokenizerBlobKey: exported.tokenizerBlobKey,
          contextLength: decoderShape(model).contextLength,
          files: exported.files,
          config: registeredShape(model),
        },
      },
    ]);
    return created.id;
  }
}
