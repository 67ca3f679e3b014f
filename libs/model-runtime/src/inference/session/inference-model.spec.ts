import { writeFileSync } from 'node:fs';
import { CorruptModelError } from '../../errors';
import { UnavailableExecutionProviderError, UnknownExecutionProviderError } from '../errors';
import { availableExecutionProviders } from '../execution-providers';
import { modelFilePath } from '../model-directory/model-directory';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { HuggingFaceGraphSession } from './hugging-face-graph';
import { InferenceModel } from './inference-model';
import { SessionCache, sessionCache } from './session-cache';

describe('InferenceModel.load', () => {
  const config = tinyConfig();
  let dir: string;
  let remove: () => void;
  beforeAll(() => {
    ({ dir, remove } = temporaryDirectory());
    exportTestModel(dir, config, randomParams(config, 2));
  });
  afterAll(async () => {
    await sessionCache.clear();
    remove();
  });

  it('shares one onnxruntime session per model file (and thread count) in a process', async () => {
    const cache = new SessionCache();
    const [first, second] = await Promise.all([cache.get(modelFilePath(dir)), cache.get(modelFilePath(dir))]);
    expect(second).toBe(first);
    expect(await cache.get(`${dir}/./onnx/model.onnx`)).toBe(first);
    expect(await cache.get(modelFilePath(dir), 'cpu', 2)).not.toBe(first);
    await cache.clear();
  });

  it('names an unknown or unavailable execution provider', async () => {
    await expect(InferenceModel.load(dir, { executionProvider: 'npu' })).rejects.toThrow(UnknownExecutionProviderError);
    // onnxruntime-node's npm build never bundles CUDA; a host that installed it has nothing to refuse.
    if (!availableExecutionProviders().includes('cuda')) {
      await expect(InferenceModel.load(dir, { executionProvider: 'cuda' })).rejects.toThrow(
        UnavailableExecutionProviderError,
      );
    }
  });

  it('names a corrupt or missing model file', async () => {
    const { dir: broken, remove: removeBroken } = temporaryDirectory();
    try {
      exportTestModel(broken, config, randomParams(config, 2));
      await expect(InferenceModel.load(broken, { variant: 'q8' })).rejects.toThrow(
        /decoder_step_quantized\.onnx is corrupt.*does not exist/,
      );
      writeFileSync(modelFilePath(broken, 'fp32', 'decoder_step'), Buffer.from('not a protobuf at all'));
      await expect(InferenceModel.load(broken)).rejects.toThrow(CorruptModelError);
      await expect(InferenceModel.load(broken)).rejects.toThrow(/onnx\/decoder_step\.onnx is corrupt/);
      writeFileSync(modelFilePath(broken, 'fp32', 'model'), new Uint8Array(100).fill(7));
      await expect(HuggingFaceGraphSession.load(broken)).rejects.toThrow(/onnx\/model\.onnx is corrupt/);
    } finally {
      removeBroken();
    }
  });
});
