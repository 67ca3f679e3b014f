import { SequenceTooLongError, TokenIdOutOfRangeError } from '../../errors';
import { MissingGraphOutputError } from '../errors';
import { buildDecoderStepGraph } from '../export/decoder-step-graph';
import { ModelGraphs, writeModelDirectory } from '../model-directory/model-directory';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { referenceMeanPooled } from '../testing/reference-forward';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { MeanPooledEmbedder } from './mean-pooled-embedder';

const config = tinyConfig();
const params = randomParams(config, 9);
const sequences = [[3, 17, 0, 39, 8], [12], [30, 2, 8, 8, 1, 5, 21, 9, 4]];

const referenceMean = (ids: number[]) => referenceMeanPooled(config, params, ids);

const maxAbsDifference = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((max, v, i) => Math.max(max, Math.abs(v - b[i])), 0);

describe('MeanPooledEmbedder', () => {
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

  it('gives each sequence the mean of its final LayerNorm outputs, as a float64 reference computes them', async () => {
    const vectors = await embedder.embed(sequences);
    expect(vectors.map((v) => v.length)).toEqual([16, 16, 16]);
    sequences.forEach((ids, i) => expect(maxAbsDifference(vectors[i], referenceMean(ids))).toBeLessThan(1e-4));
  });

  it('gives a sequence the same vector alone as padded in a batch', async () => {
    const [alone] = await embedder.embed([sequences[1]]);
    const [, batched] = await embedder.embed(sequences);
    expect(maxAbsDifference(alone, batched)).toBeLessThan(1e-5);
    expect(embedder.dimensions).toBe(config.nEmbd);
  });

  it('refuses empty, out-of-vocabulary and over-long sequences by name', async () => {
    await expect(embedder.embed([[1], []])).rejects.toThrow(/at least one token/);
    await expect(embedder.embed([[1, config.vocabSize]])).rejects.toThrow(TokenIdOutOfRangeError);
    await expect(embedder.embed([new Array(config.contextLength + 1).fill(2)])).rejects.toThrow(SequenceTooLongError);
  });

  it('refuses a model directory whose graph has no last_hidden_state, saying to export it again', async () => {
    const old = temporaryDirectory();
    try {
      // A graph without the output stands in for an older export: the decoder-step graph under model.onnx's name.
      const graphs: ModelGraphs = { model: buildDecoderStepGraph(config, params), decoder_step: buildDecoderStepGraph(config, params) };
      writeModelDirectory(old.dir, { config, tokens: { bosTokenId: 0, eosTokenId: 0 }, models: { fp32: graphs } });
      await expect(MeanPooledEmbedder.load(old.dir)).rejects.toThrow(MissingGraphOutputError);
      await expect(MeanPooledEmbedder.load(old.dir)).rejects.toThrow(/export the model again/);
    } finally {
      old.remove();
    }
  });
});
