import { checkGradients } from '../autodiff/gradient-check';
import { Tensor } from '../autodiff/tensor';
import { defaultTargetModules } from '../lora/lora-graph';
import { array64, Array64 } from '../reference/array64';
import { trainingModel, TrainingModelSpec } from '../train/training-model';
import { weightedLanguageModelLoss } from './gpt-graph';
import { LlamaConfig } from './llama-config';
import { Rng } from './rng';

const tiny: LlamaConfig = {
  family: 'qwen2', vocabSize: 7, contextLength: 8, nLayer: 2, nHead: 4, nKvHead: 2, hiddenSize: 8, headDim: 4,
  intermediateSize: 12, rmsNormEps: 1e-6, ropeTheta: 10_000, ropeScaling: { type: 'linear', factor: 2 },
  attentionBias: true, tieEmbeddings: true,
};

/**
 * The whole model's weighted loss gradient (float32, onnxruntime) against float64 central differences of the same
 * network evaluated by the plain-TypeScript reference, with respect to the parameters `spec` trains.
 */
async function checkWholeModel(spec: TrainingModelSpec) {
  const [batch, seqLen] = [2, 5];
  const rng = new Rng(3);
  const model = trainingModel(spec);
  const feeds = new Map<string, Array64>();
  for (const [name, shape] of model.paramShapes) {
    const count = shape.reduce((a, b) => a * b, 1);
    const gain = /norm/.test(name) ? 1 : 0;
    feeds.set(name, array64(shape, Array.from({ length: count }, () => gain + rng.normal() * 0.4)));
  }
  feeds.set('input_ids', array64([batch, seqLen], Array.from({ length: batch * seqLen }, () => rng.nextInt(tiny.vocabSize))));
  feeds.set('targets', array64([batch, seqLen], Array.from({ length: batch * seqLen }, () => rng.nextInt(tiny.vocabSize))));
  feeds.set('weights', array64([batch, seqLen], Array.from({ length: batch * seqLen }, (_, i) => (i % seqLen < 2 ? 0 : 1))));
  const masks = model.dropoutSites(batch, seqLen);
  for (const site of masks) {
    const count = site.shape.reduce((a, b) => a * b, 1);
    feeds.set(site.name, array64(site.shape, Array.from({ length: count }, () => (rng.next() < site.p ? 0 : 1 / (1 - site.p)))));
  }
  return checkGradients((g) => {
    const params = new Map([...model.paramShapes].map(([name, shape]) => [name, g.input(name, 'float32', shape)]));
    const maskInputs = new Map<string, Tensor>(masks.map((site) => [site.name, g.input(site.name, 'float32', site.shape)]));
    const inputIds = g.input('input_ids', 'int64', [batch, seqLen]);
    const targets = g.input('targets', 'int64', [batch, seqLen]);
    const weights = g.input('weights', 'float32', [batch, seqLen]);
    const loss = weightedLanguageModelLoss(g, model.logits(g, params, inputIds, maskInputs), targets, weights);
    const wrt = model.trainableCandidates.map((name) => params.get(name)!);
    return { wrt, loss, inputs: [...params.values(), ...maskInputs.values(), inputIds, targets, weights] };
  }, feeds, 12);
}

jest.setTimeout(120_000);

describe('Llama-family training graph', () => {
  it('has a full fine-tune gradient within 1e-3 of finite differences (GQA, q/k/v biases, tied head, linear rope scaling)', async () => {
    const result = await checkWholeModel({ model: { architecture: 'llama', config: tiny } });
    expect(Math.abs(result.loss - result.referenceLoss)).toBeLessThan(1e-4);
    expect(result.relativeError).toBeLessThan(1e-3);
  });

  it('has a LoRA gradient within 1e-3 of finite differences, with LoRA dropout masks', async () => {
    const result = await checkWholeModel({
      model: { architecture: 'llama', config: { ...tiny, tieEmbeddings: false, attentionBias: false } },
      lora: { r: 2, alpha: 4, dropout: 0.25, targetModules: defaultTargetModules({ architecture: 'llama', config: tiny }) },
    });
    expect(result.relativeError).toBeLessThan(1e-3);
  });

  it('has a GPT-2 LoRA gradient within 1e-3 of finite differences (Conv1D targets, base dropout and LoRA dropout)', async () => {
    const result = await checkWholeModel({
      model: { architecture: 'gpt2', config: { vocabSize: 7, contextLength: 8, nLayer: 2, nHead: 2, nEmbd: 8, positional: 'learned', dropout: 0.2, layerNormEps: 1e-5, tieEmbeddings: true } },
      lora: { r: 2, alpha: 4, dropout: 0.25, targetModules: ['c_attn', 'c_proj', 'c_fc'] },
    });
    expect(result.relativeError).toBeLessThan(1e-3);
  });
});
