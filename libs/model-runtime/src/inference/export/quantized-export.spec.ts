import { statSync } from 'node:fs';
import { ModelParams, paramShapes } from '../../model/params';
import { ModelGraph, ModelVariant, modelFilePath } from '../model-directory/model-directory';
import { HuggingFaceGraphSession } from '../session/hugging-face-graph';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { wholeSequenceLogits } from '../testing/whole-sequence-logits';
import { quantizeInt8PerColumn } from './int8-linear';
import { quantize4BitBlocks } from './nbits-linear';

const LINEAR_WEIGHT = /\.(c_attn|c_proj|c_fc)\.weight$/;

function randomWeight(k: number, n: number, seed: number): Float32Array {
  return randomParams(tinyConfig({ nEmbd: k, nHead: 1 }), seed).get('h.0.attn.c_attn.weight')!.subarray(0, k * n);
}

describe('weight quantizers', () => {
  it('int8: every weight dequantizes to within half a step of its column', () => {
    const [k, n] = [16, 48];
    const weight = randomWeight(k, n, 1);
    const { quantized, scales } = quantizeInt8PerColumn(weight, k, n);
    weight.forEach((w, i) => {
      const restored = (quantized[i] - 128) * scales[i % n];
      expect(Math.abs(restored - w)).toBeLessThanOrEqual(scales[i % n] / 2 + 1e-7);
    });
  });

  it('4-bit: unpacking the MatMulNBits layout (low nibble first, zero point 8) restores each weight', () => {
    const [k, n] = [40, 3]; // 40 = one full block of 32 and a padded one
    const weight = randomWeight(k, n, 2);
    const { packed, scales, blocksPerRow } = quantize4BitBlocks(weight, k, n);
    expect(blocksPerRow).toBe(2);
    for (let row = 0; row < k; row++) {
      for (let col = 0; col < n; col++) {
        const block = col * blocksPerRow + Math.floor(row / 32);
        const offset = row % 32;
        const byte = packed[block * 16 + (offset >> 1)];
        const level = offset % 2 === 0 ? byte & 0x0f : byte >> 4;
        expect(Math.abs((level - 8) * scales[block] - weight[row * n + col])).toBeLessThanOrEqual(scales[block] / 2 + 1e-7);
      }
    }
  });
});

describe('quantized exports', () => {
  const config = tinyConfig({ nEmbd: 64, nHead: 4, vocabSize: 64 });
  const ids = [5, 60, 2, 33, 17, 9, 41, 0];
  const baseParams = randomParams(config, 4, 0.1);
  let dir: string;
  let remove: () => void;

  beforeAll(() => {
    ({ dir, remove } = temporaryDirectory());
    exportTestModel(dir, config, baseParams, ['fp32', 'q8', 'q4']);
  });
  afterAll(async () => {
    await sessionCache.clear();
    remove();
  });

  /** Whole-sequence logits through the runtime's decoder-step graph, or the Hugging Face interface one. */
  async function logits(from: string, variant: ModelVariant, graph: ModelGraph = 'decoder_step'): Promise<Float32Array> {
    const runner =
      graph === 'model'
        ? await HuggingFaceGraphSession.load(from, { variant })
        : await InferenceModel.load(from, { variant });
    return wholeSequenceLogits(runner, [ids]);
  }

  /** The fp32 model whose linear weights went through quantize → dequantize in plain TypeScript. */
  function roundTrippedParams(variant: 'q8' | 'q4'): ModelParams {
    const params = new Map(baseParams);
    for (const [name, weight] of baseParams) {
      if (!LINEAR_WEIGHT.test(name)) continue;
      const [k, n] = paramShapes(config).get(name) as number[];
      const restored = new Float32Array(weight.length);
      if (variant === 'q8') {
        const { quantized, scales } = quantizeInt8PerColumn(weight, k, n);
        restored.forEach((_, i) => (restored[i] = (quantized[i] - 128) * scales[i % n]));
      } else {
        const { packed, scales, blocksPerRow } = quantize4BitBlocks(weight, k, n);
        for (let row = 0; row < k; row++) {
          for (let col = 0; col < n; col++) {
            const block = col * blocksPerRow + Math.floor(row / 32);
            const byte = packed[block * 16 + ((row % 32) >> 1)];
            const level = row % 2 === 0 ? byte & 0x0f : byte >> 4;
            restored[row * n + col] = (level - 8) * scales[block];
          }
        }
      }
      params.set(name, restored);
    }
    return params;
  }

  // onnxruntime runs quantized MatMuls with int8-quantized activations (accuracy level 4), so the match
  // is close, not exact; a wrong weight layout would be off by the whole logit range.
  it.each([
    ['q8', 0.01],
    ['q4', 0.01],
  ] as const)('%s graphs compute what their dequantized weights do in fp32 (max error / range < %s)', async (variant, bound) => {
    const { dir: roundTripDir, remove: removeRoundTrip } = temporaryDirectory();
    try {
      exportTestModel(roundTripDir, config, roundTrippedParams(variant));
      const expected = await logits(roundTripDir, 'fp32');
      const range = Math.max(...expected) - Math.min(...expected);
      for (const graph of ['model', 'decoder_step'] as const) {
        const actual = await logits(dir, variant, graph);
        const maxError = actual.reduce((max, v, i) => Math.max(max, Math.abs(v - expected[i])), 0);
        expect(maxError / range).toBeLessThan(bound);
      }
    } finally {
      removeRoundTrip();
    }
  });

  it.each([
    ['q8', 0.02],
    ['q4', 0.3],
  ] as const)('%s logits stay near fp32 (RMS error relative to their spread under %s)', async (variant, bound) => {
    const reference = await logits(dir, 'fp32');
    const quantized = await logits(dir, variant);
    const mean = reference.reduce((a, b) => a + b, 0) / reference.length;
    const spread = Math.sqrt(reference.reduce((a, b) => a + (b - mean) ** 2, 0) / reference.length);
    const error = Math.sqrt(reference.reduce((a, b, i) => a + (b - quantized[i]) ** 2, 0) / reference.length);
    expect(error).toBeGreaterThan(0);
    expect(error / spread).toBeLessThan(bound);
  });

  it('writes smaller files', () => {
    const size = (variant: ModelVariant) => statSync(modelFilePath(dir, variant)).size;
    expect(size('q8')).toBeLessThan(size('fp32') * 0.6);
    expect(size('q4')).toBeLessThan(size('q8'));
  });
});
