import { MeanPooledEmbedder, sessionCache } from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';
import { exportTestModel, temporaryDirectory } from '../../../../../libs/model-runtime/src/inference/testing/model-directory-fixture';
import { referenceMeanPooled } from '../../../../../libs/model-runtime/src/inference/testing/reference-forward';
import { randomParams, tinyConfig } from '../../../../../libs/model-runtime/src/inference/testing/tiny-model';
import { embeddingCosine } from './embedding-similarity';

const config = tinyConfig();
const params = randomParams(config, 5);

/** The cosine of the float64 reference forward pass's mean-pooled vectors, computed apart from onnxruntime and the grader. */
function referenceCosine(input: number[], reference: number[]): number {
  const [a, b] = [referenceMeanPooled(config, params, input), referenceMeanPooled(config, params, reference)];
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
    expect(score).toBeCloseTo(referenceCosine(input, reference), 5);
  });
});
