import { MeanPooledEmbedder, sessionCache } from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';
import { exportTestModel, temporaryDirectory } from '../../../../../libs/model-runtime/src/inference/testing/model-directory-fixture';
import { referenceHiddenStates } from '../../../../../libs/model-runtime/src/inference/testing/reference-forward';
import { randomParams, tinyConfig } from '../../../../../libs/model-runtime/src/inference/testing/tiny-model';
import { embeddingCosine } from './embedding-similarity';

const config = tinyConfig();
const params = randomParams(config, 5);

/** The float64 reference forward's mean-pooled vector and cosine, computed apart from onnxruntime and the grader. */
function referenceMean(ids: number[]): number[] {
  const hidden = referenceHiddenStates(config, params, ids);
  const d = config.nEmbd;
  return Array.from({ length: d }, (_, c) => ids.reduce((sum, _id, t) => sum + hidden[t * d + c], 0) / ids.length);
}
function referenceCosine(a: number[], b: number[]): number {
  const dot = a.reduce((s, v, i) => s + v * b[i], 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b));
}

describe('embeddingCosine', () => {
  const fixture = temporaryDirectory();
  let embedder: MeanPooledEmbedder;

  beforeAll(async () => {
    exportTestModel(fixture.dir, config, params);
    embedder = await MeanPooledEmbedder.load(fixture.dir);
  });
  afterAll(async () => {
    await sessionCache.clear();
    fixture.remove();
  });

  it.each([
    [[3, 17, 0, 39, 8], [12, 4]],
    [[30, 2, 8, 8, 1, 5, 21, 9, 4], [30, 2, 8, 8, 1, 5, 21, 9]],
    [[7], [7]],
  ])('equals the cosine of the reference forward pass mean-pooled embeddings for %j and %j', async (input, reference) => {
    const model = { id: 'm', name: 'tiny', embedder, tokenizer: undefined as unknown as Tokenizer };
    const score = await embeddingCosine(model, input, reference);
    expect(score).toBeCloseTo(referenceCosine(referenceMean(input), referenceMean(reference)), 5);
  });
});
