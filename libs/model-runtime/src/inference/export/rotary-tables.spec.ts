import { LlamaConfig } from '../../model/llama-config';
import { inverseFrequencies, rotaryTables } from './rotary-tables';

const config: LlamaConfig = {
  family: 'llama',
  vocabSize: 10,
  contextLength: 64,
  nLayer: 1,
  nHead: 2,
  nKvHead: 1,
  hiddenSize: 16,
  headDim: 8,
  intermediateSize: 32,
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  attentionBias: false,
  tieEmbeddings: true,
};

describe('rotary tables', () => {
  it('rotate pairs (i, i + headDim/2) by position·θ^(-2i/headDim)', () => {
    const { cos, sin } = rotaryTables(config);
    const position = 5;
    for (let i = 0; i < 4; i++) {
      const angle = position / 10000 ** ((2 * i) / 8);
      for (const column of [i, i + 4]) {
        expect(cos[position * 8 + column]).toBeCloseTo(Math.cos(angle), 6);
        expect(sin[position * 8 + column]).toBeCloseTo(Math.sin(angle), 6);
      }
    }
  });

  it('linear scaling by f gives position p the angles of p / f unscaled', () => {
    const plain = rotaryTables(config);
    const scaled = rotaryTables({ ...config, ropeScaling: { type: 'linear', factor: 4 } });
    for (let column = 0; column < 8; column++) expect(scaled.cos[40 * 8 + column]).toBeCloseTo(plain.cos[10 * 8 + column], 6);
  });

  it('llama3 scaling keeps high frequencies, divides low ones by the factor and blends those between', () => {
    const scaling = { type: 'llama3' as const, factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 64 };
    const plain = inverseFrequencies({ ...config, headDim: 16 });
    const scaled = inverseFrequencies({ ...config, headDim: 16, ropeScaling: scaling });
    const bands = { high: 0, low: 0, blended: 0 };
    plain.forEach((f, i) => {
      const wavelength = (2 * Math.PI) / f;
      if (wavelength < 16) {
        bands.high++;
        expect(scaled[i]).toBe(f);
      } else if (wavelength > 64) {
        bands.low++;
        expect(scaled[i]).toBeCloseTo(f / 8, 12);
      } else {
        bands.blended++;
        expect(scaled[i] > f / 8 && scaled[i] < f).toBe(true);
      }
    });
    expect(bands).toEqual({ high: 1, low: 5, blended: 2 });
  });
});
