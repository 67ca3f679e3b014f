import { checkGradients } from '../autodiff/gradient-check';
import { Tensor } from '../autodiff/tensor';
import { array64, Array64 } from '../reference/array64';
import { GptConfig } from './config';
import { dropoutSites, gptLogits, languageModelLoss, paramInputs } from './gpt-graph';
import { initParams, paramShapes } from './params';
import { Rng } from './rng';

const tiny: GptConfig = {
  vocabSize: 7, contextLength: 5, nLayer: 2, nHead: 2, nEmbd: 8,
  positional: 'learned', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true,
};

/**
 * The whole tiny GPT's loss gradient from the reverse-mode graph (float32, onnxruntime) against float64 central
 * differences of the same network evaluated by the plain-TypeScript reference.
 */
async function checkWholeModel(config: GptConfig, withDropout: boolean) {
  const batch = 2;
  const seqLen = 4;
  const rng = new Rng(11);
  const params = initParams(config, 5);
  // Larger-than-init weights so every path (attention, MLP) contributes a visible share of the gradient.
  for (const [name, values] of params) {
    if (!/ln_|bias/.test(name)) values.forEach((_, i) => (values[i] = rng.normal() * 0.3));
    else values.forEach((v, i) => (values[i] = v + rng.normal() * 0.1));
  }
  const ids = Array.from({ length: batch * seqLen }, () => rng.nextInt(config.vocabSize));
  const targets = Array.from({ length: batch * seqLen }, () => rng.nextInt(config.vocabSize));
  const feeds = new Map<string, Array64>();
  for (const [name, shape] of paramShapes(config)) feeds.set(name, array64(shape, params.get(name)!));
  feeds.set('input_ids', array64([batch, seqLen], ids));
  feeds.set('targets', array64([batch, seqLen], targets));

  return checkGradients((g) => {
    const paramTensors = paramInputs(g, config);
    const inputIds = g.input('input_ids', 'int64', [batch, seqLen]);
    const targetIds = g.input('targets', 'int64', [batch, seqLen]);
    const masks = new Map<string, Tensor>();
    if (withDropout) {
      for (const site of dropoutSites(config, batch, seqLen)) {
        masks.set(site.name, g.input(site.name, 'float32', site.shape));
        const size = site.shape.reduce((a, b) => a * b, 1);
        feeds.set(site.name, array64(site.shape, Array.from({ length: size }, () => (rng.next() < 0.2 ? 0 : 1.25))));
      }
    }
    const loss = languageModelLoss(g, gptLogits(g, config, paramTensors, inputIds, masks), targetIds);
    const wrt = [...paramTensors.values()];
    return { wrt, loss, inputs: [...wrt, inputIds, targetIds, ...masks.values()] };
  }, feeds, 24);
}

// Training runs and finite-difference sweeps take seconds, more when other test files share the two cores.
jest.setTimeout(60_000);

describe('GPT graph', () => {
  it('has a loss gradient within 1e-3 relative error of float64 finite differences (learned positions)', async () => {
    const result = await checkWholeModel(tiny, false);
    expect(Math.abs(result.loss - result.referenceLoss)).toBeLessThan(1e-4);
    expect(result.relativeError).toBeLessThan(1e-3);
  });

  it('has a correct gradient with sinusoidal positions and dropout masks', async () => {
    const result = await checkWholeModel({ ...tiny, positional: 'sinusoidal', dropout: 0.2 }, true);
    expect(result.relativeError).toBeLessThan(1e-3);
  });

  it('starts near ln(vocab) at initialisation', async () => {
    const result = await checkGradients((g) => {
      const paramTensors = paramInputs(g, tiny);
      const inputIds = g.input('input_ids', 'int64', [1, 3]);
      const targetIds = g.input('targets', 'int64', [1, 3]);
      const loss = languageModelLoss(g, gptLogits(g, tiny, paramTensors, inputIds), targetIds);
      return { wrt: [paramTensors.get('ln_f.bias')!], loss, inputs: [...paramTensors.values(), inputIds, targetIds] };
    }, new Map([
      ...[...paramShapes(tiny)].map(([n, s]) => [n, array64(s, initParams(tiny, 1).get(n)!)] as const),
      ['input_ids', array64([1, 3], [1, 2, 3])],
      ['targets', array64([1, 3], [2, 3, 4])],
    ]));
    expect(result.loss).toBeCloseTo(Math.log(tiny.vocabSize), 1);
  });
});
