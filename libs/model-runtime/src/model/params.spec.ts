import { GptConfig } from './config';
import { elementCount, initParams, paramShapes } from './params';

const config: GptConfig = {
  vocabSize: 10, contextLength: 6, nLayer: 2, nHead: 2, nEmbd: 4,
  positional: 'learned', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true,
};

describe('params', () => {
  it('names and shapes parameters as Hugging Face GPT2 does (Conv1D [in, out])', () => {
    const shapes = paramShapes(config);
    expect(shapes.get('wte.weight')).toEqual([10, 4]);
    expect(shapes.get('wpe.weight')).toEqual([6, 4]);
    expect(shapes.get('h.1.attn.c_attn.weight')).toEqual([4, 12]);
    expect(shapes.get('h.0.mlp.c_proj.weight')).toEqual([16, 4]);
    expect(shapes.get('ln_f.bias')).toEqual([4]);
    expect(shapes.size).toBe(2 + 2 * 12 + 2);
  });

  it('has no wpe with sinusoidal positions', () => {
    expect(paramShapes({ ...config, positional: 'sinusoidal' }).has('wpe.weight')).toBe(false);
  });

  it('initialises deterministically from the seed, with unit LayerNorm gains and zero biases', () => {
    const a = initParams(config, 7);
    const b = initParams(config, 7);
    const c = initParams(config, 8);
    expect(a.get('wte.weight')).toEqual(b.get('wte.weight'));
    expect(a.get('wte.weight')).not.toEqual(c.get('wte.weight'));
    expect(Array.from(a.get('h.0.ln_1.weight')!)).toEqual([1, 1, 1, 1]);
    expect(Array.from(a.get('h.0.attn.c_attn.bias')!).every((v) => v === 0)).toBe(true);
    for (const [name, shape] of paramShapes(config)) expect(a.get(name)!.length).toBe(elementCount(shape));
  });
});
