import { InferenceModel, MeanPooledEmbedder, readPeftAdapter, ResidentAdapter } from '@llmchain/model-runtime';
import { BlobStore } from '@llmchain/platform';
import { Tokenizer } from '@llmchain/tokenizer';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Model } from '../../generated/prisma/client';
import { ModelsRepository } from '../../models/models.repository';
import { downloadBlob } from '../../runner/blob-files';
import { loadTokenizerBlob } from '../../runner/job-tokenizer';
import { checkpointModelDirectory } from './checkpoint-model';
import { checkpointModelName } from './checkpoint-model-name';

/** A model an eval run calls: the model under test or a grader, an adapter riding on its base's session. */
export interface EvalModel {
  id: string;
  name: string;
  model: InferenceModel;
  tokenizer: Tokenizer;
  adapter?: ResidentAdapter;
}

/** A model whose embeddings a cosine criterion compares. */
export interface EvalEmbedder {
  id: string;
  name: string;
  embedder: MeanPooledEmbedder;
  tokenizer: Tokenizer;
}

/** A model or adapter the run may not use (deleted, another tenant's): the run fails, naming it. */
export class EvalModelUnavailableError extends Error {}

/** Files the fp32 decoder-step graphs need; the weights in safetensors and the quantized graphs stay in the blob store. */
const needed = (file: string) => !file.endsWith('.safetensors') && !/_quantized|_q4/.test(file);

/** One load per key; a failed load (a blob-store blip) is tried afresh by the next run. */
function cachedLoad<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = load();
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}

/**
 * Loads registered models for eval runs from the blob store into a local cache keyed by their artifact's SHA-256
 * (onnxruntime reads files; the process-wide session cache then shares a base between runs and adapters).
 */
export class EvalModelLoader {
  private readonly loaded = new Map<string, Promise<EvalModel>>();
  private readonly embedders = new Map<string, Promise<EvalEmbedder>>();

  constructor(
    private readonly blobs: BlobStore,
    private readonly models: ModelsRepository,
    private readonly cacheDir: string,
    private readonly findCheckpoint: (jobId: string, step: number) => Promise<{ blobKey: string; sha256: string; step: number } | null>,
    /** The blob key of the tokenizer.json a training job trains with (its base's, the one it reuses, or its own). */
    private readonly jobTokenizerKey: (tenantId: string, jobId: string) => Promise<string | null>,
  ) {}

  /** Per tenant, so a model is only ever handed to a tenant it was checked for; the sessions beneath are shared. */
  load(tenantId: string, modelId: string): Promise<EvalModel> {
    return this.cached(`${tenantId}\n${modelId}`, () => this.loadUncached(tenantId, modelId));
  }

  private cached(key: string, load: () => Promise<EvalModel>): Promise<EvalModel> {
    return cachedLoad(this.loaded, key, load);
  }

  /** The model's mean-pooled embedder (as serving's /v1/embeddings computes them), per tenant as load is. */
  embedder(tenantId: string, modelId: string): Promise<EvalEmbedder> {
    return cachedLoad(this.embedders, `${tenantId}\n${modelId}`, async () => {
      const row = await this.models.findForTenant(tenantId, modelId);
      if (!row) throw new EvalModelUnavailableError(`model ${modelId} is no longer one you may use`);
      if (row.kind === 'adapter') throw new EvalModelUnavailableError(`${row.name} is an adapter and gives no embeddings`);
      const dir = await this.directory(row);
      const [embedder, tokenizer] = await Promise.all([MeanPooledEmbedder.load(dir), Tokenizer.load(dir)]);
      return { id: row.id, name: row.name, embedder, tokenizer };
    });
  }

  /** A trained model's checkpoint at `step` (the weights its job saved there), metered under its own name. */
  loadCheckpoint(tenantId: string, modelId: string, step: number): Promise<EvalModel> {
    return this.cached(`${tenantId}\n${modelId}\n${step}`, async () => {
      const row = await this.models.findForTenant(tenantId, modelId);
      if (!row || row.kind !== 'trained') throw new EvalModelUnavailableError(`model ${modelId} is no longer a model you trained`);
      const checkpoint = await this.findCheckpoint(row.jobId, step);
      if (!checkpoint) throw new EvalModelUnavailableError(`the job of model ${row.name} has no checkpoint at step ${step}`);
      const dir = path.join(this.cacheDir, `checkpoint-${checkpoint.sha256}`);
      await checkpointModelDirectory(this.blobs, checkpoint, await Tokenizer.load(await this.directory(row)), dir);
      const [model, tokenizer] = await Promise.all([InferenceModel.load(dir), Tokenizer.load(dir)]);
      return { id: `${row.id}:ckpt-step-${step}`, name: checkpointModelName(row.name, step), model, tokenizer };
    });
  }

  /**
   * A checkpoint of a training job that has not registered a model yet (eval-metric early stopping), with the
   * tokenizer the job trains with, under the name the run row carries.
   */
  loadJobCheckpoint(tenantId: string, jobId: string, step: number, name: string): Promise<EvalModel> {
    return this.cached(`${tenantId}\njob:${jobId}\n${step}`, async () => {
      const checkpoint = await this.findCheckpoint(jobId, step);
      if (!checkpoint) throw new EvalModelUnavailableError(`training job ${jobId} has no checkpoint at step ${step}`);
      const key = await this.jobTokenizerKey(tenantId, jobId);
      if (!key) throw new EvalModelUnavailableError(`training job ${jobId} is no longer one of yours`);
      const { tokenizer } = await loadTokenizerBlob(this.blobs, key, false);
      const dir = path.join(this.cacheDir, `checkpoint-${checkpoint.sha256}`);
      await checkpointModelDirectory(this.blobs, checkpoint, tokenizer, dir);
      const [model, loaded] = await Promise.all([InferenceModel.load(dir), Tokenizer.load(dir)]);
      return { id: `job:${jobId}:ckpt-step-${step}`, name, model, tokenizer: loaded };
    });
  }

  private async loadUncached(tenantId: string, modelId: string): Promise<EvalModel> {
    const row = await this.models.findForTenant(tenantId, modelId);
    if (!row) throw new EvalModelUnavailableError(`model ${modelId} is no longer one you may use`);
    if (row.kind !== 'adapter') {
      const dir = await this.directory(row);
      const [model, tokenizer] = await Promise.all([InferenceModel.load(dir), Tokenizer.load(dir)]);
      return { id: row.id, name: row.name, model, tokenizer };
    }
    if (!row.baseModelId) throw new EvalModelUnavailableError(`adapter ${row.name} names no base model`);
    const base = await this.loadUncached(tenantId, row.baseModelId);
    const adapter = await base.model.loadAdapter(readPeftAdapter(await this.directory(row)));
    return { ...base, id: row.id, name: row.name, adapter };
  }

  /** The model's files, copied once into <cache>/<sha256> and renamed into place whole, so a crash leaves no half directory. */
  private async directory(row: Model): Promise<string> {
    const target = path.join(this.cacheDir, row.artifactSha256);
    if (existsSync(target)) return target;
    const staging = `${target}.partial-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    for (const file of row.files as { path: string }[]) {
      if (needed(file.path)) await downloadBlob(this.blobs, `${row.artifactBlobKey}/${file.path}`, path.join(staging, file.path));
    }
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(target)) throw error;
    });
    return target;
  }
}
