import { LocalDirectoryBlobStore } from '@llmchain/platform';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadServingConfig } from '../config/serving-config';
import { ModelArtifactIntegrityError } from './model-artifact-integrity';
import { ModelArtifactMissingError, ModelDirectorySource } from './model-directory-source';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The artifact digest as training-service's upload defines it, written out here from the files' contents. */
const digestOf = (files: Record<string, string>) =>
  sha256(Object.keys(files).sort().map((file) => `${file} ${sha256(files[file])}\n`).join(''));
const MODEL = { 'config.json': '{"model_type":"gpt2"}', 'onnx/decoder_step.onnx': 'graph' };

describe('ModelDirectorySource', () => {
  let root: string;
  let source: ModelDirectorySource;
  let blobs: LocalDirectoryBlobStore;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'serving-source-'));
    const config = loadServingConfig({
      PORT: '3003',
      DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/serving',
      REDIS_URL: 'redis://127.0.0.1:6379',
      KAFKA_BROKERS: '127.0.0.1:9092',
      MODELS_DIR: path.join(root, 'models'),
      MODEL_CACHE_DIR: path.join(root, 'cache'),
    });
    blobs = new LocalDirectoryBlobStore(path.join(root, 'blobs'));
    source = new ModelDirectorySource(config, blobs);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function putBlob(key: string, text: string): Promise<void> {
    const staged = await blobs.stage();
    await staged.write(Buffer.from(text));
    await staged.finish();
    await staged.commit(key);
  }

  async function putModel(key: string, files: Record<string, string>): Promise<void> {
    for (const [file, text] of Object.entries(files)) await putBlob(`${key}/${file}`, text);
  }

  it('copies the files the blob store holds under the artifact key into a cache directory named by checksum', async () => {
    await putModel('artifacts/m1', MODEL);
    const sha = digestOf(MODEL);
    const dir = await source.directoryFor('artifacts/m1', sha);
    expect(dir).toBe(path.join(root, 'cache', sha));
    expect(readFileSync(path.join(dir, 'config.json'), 'utf8')).toBe('{"model_type":"gpt2"}');
    expect(readFileSync(path.join(dir, 'onnx', 'decoder_step.onnx'), 'utf8')).toBe('graph');
    expect(await source.directoryFor('artifacts/m1', sha)).toBe(dir);
  });

  it('refuses blobs that do not digest to the announced SHA-256 (truncated, changed, missing a file) and keeps no copy', async () => {
    await putModel('artifacts/cut', { ...MODEL, 'onnx/decoder_step.onnx': 'gra' });
    await putModel('artifacts/changed', { ...MODEL, 'config.json': '{"model_type":"llama"}' });
    await putModel('artifacts/short', { 'config.json': MODEL['config.json'] });
    for (const key of ['artifacts/cut', 'artifacts/changed', 'artifacts/short']) {
      const refused = source.directoryFor(key, digestOf(MODEL));
      await expect(refused).rejects.toThrow(ModelArtifactIntegrityError);
      await expect(refused).rejects.toThrow(new RegExp(`under ${key} does not match the SHA-256 its registration announced \\(announced ${digestOf(MODEL)}, found [0-9a-f]{64}\\)`));
    }
    expect(readdirSync(path.join(root, 'cache'))).toEqual([]);
  });

  it('copies a cached directory changed on disk afresh from intact blobs', async () => {
    await putModel('artifacts/m3', MODEL);
    const sha = digestOf(MODEL);
    const dir = await source.directoryFor('artifacts/m3', sha);
    truncateSync(path.join(dir, 'onnx', 'decoder_step.onnx'), 2);
    expect(await source.directoryFor('artifacts/m3', sha)).toBe(dir);
    expect(readFileSync(path.join(dir, 'onnx', 'decoder_step.onnx'), 'utf8')).toBe('graph');
  });

  it('falls back to MODELS_DIR/<key> when its files match, and refuses keys that leave it, hold no model or were changed', async () => {
    const local = path.join(root, 'models', 'local', 'm2');
    mkdirSync(local, { recursive: true });
    writeFileSync(path.join(local, 'config.json'), '{}');
    const sha = digestOf({ 'config.json': '{}' });
    expect(await source.directoryFor('local/m2', sha)).toBe(local);
    writeFileSync(path.join(local, 'config.json'), '{"x":1}');
    await expect(source.directoryFor('local/m2', sha)).rejects.toThrow(ModelArtifactIntegrityError);
    await expect(source.directoryFor('local/none', sha)).rejects.toThrow(ModelArtifactMissingError);
    await expect(source.directoryFor('../outside', sha)).rejects.toThrow(/invalid blob key|no model directory/);
    expect(existsSync(path.join(root, 'cache'))).toBe(false);
  });
});
