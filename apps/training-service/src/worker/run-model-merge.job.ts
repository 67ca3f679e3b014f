import {
  Checkpoint, DecoderModelConfig, encodeSafetensors, expectedParamShapes, mergeLoraAdapter, readCheckpointParams, readPeftAdapter,
} from '@llmchain/model-runtime';
import { Injectable } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Model, Prisma, TrainingJob } from '../generated/prisma/client';
import { importInThread } from '../imports/import-in-thread';
import { ModelMergeSettings } from '../merges/model-merge-settings';
import { createRegisteredModel } from '../models/model-registration';
import { downloadBlob } from '../runner/blob-files';
import { ExportedModel, uploadModelDirectory } from '../runner/model-artifact';
import { ConvertedModelJob } from './converted-model-job';

/** The base directory's files a merge copies besides the weights (what importHfModelDirectory reads). */
const BASE_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

/**
 * A merge: W + (alpha/r)·B·A of an adapter folded into its base (mergeLoraAdapter), written as a Hugging Face
 * directory beside the base's config and tokenizer, converted like an import (every variant) and
 * registered as a full model whose base is the adapter's. A base trained here (GPT-2) has such a directory too: its
 * config.json is GPT2LMHeadModel's and its model.safetensors uses GPT2Model's names, both of which the import reads.
 */
@Injectable()
export class RunModelMergeJob extends ConvertedModelJob {
  protected readonly kind = 'merge';

  protected async convert(job: TrainingJob, workDir: string): Promise<void> {
    const settings = job.settings as unknown as ModelMergeSettings;
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
  private register(
    tx: Prisma.TransactionClient,
    job: TrainingJob,
    settings: ModelMergeSettings,
    base: Model,
    model: DecoderModelConfig,
    exported: ExportedModel,
    parameterCount: number,
  ): Promise<string> {
    return createRegisteredModel(tx, this.outbox, {
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
    });
  }
}
