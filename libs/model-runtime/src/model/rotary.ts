import { LlamaConfig } from './llama-config';

/**
 * Rotary position embedding's inverse frequencies, one per pair of head dimensions, as transformers'
 * ROPE_INIT_FUNCTIONS compute them: theta^(-2i/headDim), then the config's `rope_scaling` (linear: divided by the
 * factor; llama3: long wavelengths divided by the factor, short ones kept, a smooth blend between).
 */
export function rotaryInverseFrequencies(config: LlamaConfig): Float64Array {
  const half = config.headDim / 2;
  const base = Float64Array.from({ length: half }, (_, i) => 1 / config.ropeTheta ** ((2 * i) / config.headDim));
  const scaling = config.ropeScaling;
  if (!scaling) return base;
  if (scaling.type === 'linear') return base.map((f) => f / scaling.factor);
  const { factor, lowFreqFactor, highFreqFactor, originalMaxPositionEmbeddings: original } = scaling;
  const lowFreqWavelen = original / lowFreqFactor;
  const highFreqWavelen = original / highFreqFactor;
  return base.map((f) => {
    const wavelen = (2 * Math.PI) / f;
    if (wavelen < highFreqWavelen) return f;
    if (wavelen > lowFreqWavelen) return f / factor;
    const smooth = (original / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
    return (1 - smooth) * (f / factor) + smooth * f;
  });
}

/**
 * cos and sin tables [seqLen, headDim] for positions 0..seqLen-1, each frequency repeated over both halves of the
 * head (transformers' `cat((freqs, freqs), -1)`), so q·cos + rotate_half(q)·sin rotates each (i, i + headDim/2) pair.
 */
export function rotaryTables(config: LlamaConfig, seqLen: number): { cos: Float32Array; sin: Float32Array } {
  const inverse = rotaryInverseFrequencies(config);
  const half = inverse.length;
  const cos = new Float32Array(seqLen * 2 * half);
  const sin = new Float32Array(seqLen * 2 * half);
  for (let t = 0; t < seqLen; t++) {
    for (let i = 0; i < half; i++) {
      // transformers rounds the frequencies to float32 before multiplying by the position.
      const angle = t * Math.fround(inverse[i]);
      for (const offset of [0, half]) {
        cos[t * 2 * half + i + offset] = Math.cos(angle);
        sin[t * 2 * half + i + offset] = Math.sin(angle);
      }
    }
  }
  return { cos, sin };
}
