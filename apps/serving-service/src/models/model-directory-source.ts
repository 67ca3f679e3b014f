import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { ModelArtifactIntegrityError, verifyModelDirectory } from './model-artifact-integrity';

export class ModelArtifactMissingError extends Error {
  constructor(artifactKey: string, modelsDir: string) {
    super(`no model directory under blob key ${artifactKey} nor in ${path.join(modelsDir, artifactKey)}`);
    this.name = 'ModelArtifactMissingError';
  }
}

/**
 * Where a registered model's directory (or an adapter's PEFT directory) comes from: the files the blob store holds under the artifact key
 * (copied once into a local cache, as onnxruntime reads files), else a directory of that name under MODELS_DIR.
 * Either way its files must digest to the artifact SHA-256 model.registered announced (ModelArtifactIntegrityError).
 */
@Injectable()
export class ModelDirectorySource {
  constructor(
    @Inject(SERVING_CONFIG) private readonly config: ServingConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async directoryFor(artifactKey: string, artifactSha256: string): Promise<string> {
    const keys = await this.blobs.list(artifactKey);
    if (keys.length > 0) return this.materializeVerified(artifactKey, artifactSha256, keys);
    const local = path.resolve(this.config.MODELS_DIR, artifactKey);
    const holdsModel = ['config.json', 'adapter_config.json'].some((file) => existsSync(path.join(local, file)));
    if (!local.startsWith(this.config.MODELS_DIR + path.sep) || !holdsModel) {
      throw new ModelArtifactMissingError(artifactKey, this.config.MODELS_DIR);
    }
    await verifyModelDirectory(local, artifactKey, artifactSha256);
    return local;
  }

  /**
   * The cached copy, verified on every load: one that no longer matches (changed on disk since) is copied afresh from
   * the blob store once; a copy that still does not match is removed, as the blobs themselves are not what was announced.
   */
  private async materializeVerified(artifactKey: string, sha256: string, keys: string[]): Promise<string> {
    for (let copy = 1; ; copy++) {
      const dir = await this.materialize(artifactKey, sha256, keys);
      try {
        await verifyModelDirectory(dir, artifactKey, sha256);
        return dir;
      } catch (error) {
        await rm(dir, { recursive: true, force: true });
        if (!(error instanceof ModelArtifactIntegrityError) || copy === 2) throw error;
      }
    }
  }

  /** Copies the blobs into <cache>/<sha256>, renamed into place once complete so a crash leaves no half directory. */
  private async materialize(artifactKey: string, sha256: string, keys: string[]): Promise<string> {
    const target = path.join(this.config.MODEL_CACHE_DIR, sha256);
    if (existsSync(target)) return target;
    const staging = `${target}.partial-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    const prefix = artifactKey.replace(/\/+$/, '') + '/';
    for (const key of keys) {
      const file = path.join(staging, key.startsWith(prefix) ? key.slice(prefix.length) : path.basename(key));
      await mkdir(path.dirname(file), { recursive: true });
      await pipeline(this.blobs.openRead(key), createWriteStream(file));
    }
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(target)) throw error;
    });
    return target;
  }
}
