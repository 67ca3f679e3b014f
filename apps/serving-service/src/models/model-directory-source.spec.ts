import { LocalDirectoryBlobStore } from '@llmchain/platform';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadServingConfig } from '../config/serving-config';
import { ModelArtifactMissingError, ModelDirectorySource } from './model-directory-source';

describe('ModelDirectorySource', () => {
  let root: string;
  let source: ModelDirectorySource;
  let blobs: LocalDirectoryBlobStore;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'serving-source-'));
    const config = loadServingConfig({
      MODELS_DIR: path.join(root, 'models'),
      BLOB_STORE_DIR: path.join(root, 'blobs'),
      MODEL_CACHE_DIR: path.join(root, 'cache'),
    });
    blobs = new LocalDirectoryBlobStore(config.BLOB_STORE_DIR);
    source = new ModelDirectorySource(config, blobs);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function putBlob(key: string, text: string): Promise<void> {
    const staged = await blobs.stage();
    await staged.write(Buffer.from(text));
    await staged.finish();
    await staged.commit(key);
  }

  it('copies the files the blob store holds under the artifact key into a cache directory named by checksum', async () => {
    await putBlob('artifacts/m1/config.json', '{"model_type":"gpt2"}');
    await putBlob('artifacts/m1/onnx/decoder_step.onnx', 'graph');
    const sha = 'b'.repeat(64);
    const dir = await source.directoryFor('artifacts/m1', sha);
    expect(dir).toBe(path.join(root, 'cache', sha));
    expect(readFileSync(path.join(dir, 'config.json'), 'utf8')).toBe('{"model_type":"gpt2"}');
    expect(readFileSync(path.join(dir, 'onnx', 'decoder_step.onnx'), 'utf8')).toBe('graph');
    expect(await source.directoryFor('artifacts/m1', sha)).toBe(dir);
  });

  it('falls back to MODELS_DIR/<key>, and refuses keys that leave it or hold no model', async () => {
    mkdirSync(path.join(root, 'models', 'local', 'm2'), { recursive: true });
    writeFileSync(path.join(root, 'models', 'local', 'm2', 'config.json'), '{}');
    expect(await source.directoryFor('local/m2', 'c'.repeat(64))).toBe(path.join(root, 'models', 'local', 'm2'));
    await expect(source.directoryFor('local/none', 'c'.repeat(64))).rejects.toThrow(ModelArtifactMissingError);
    await expect(source.directoryFor('../outside', 'c'.repeat(64))).rejects.toThrow(/invalid blob key|no model directory/);
    expect(existsSync(path.join(root, 'cache'))).toBe(false);
  });
});
