import { LlamaConfig } from '../../model/llama-config';

/**
 * Rotary inverse frequencies θ^(-2i/headDim), i < headDim/2, rescaled as transformers' rope_scaling does:
 * `linear` divides every frequency by the factor (positions stretched), `llama3` divides only the low
 * frequencies (wavelengths beyond original/lowFreqFactor) and blends smoothly between the two bands.
 */
export function inverseFrequencies(config: LlamaConfig): Float64Array {
  const half = config.headDim / 2;
  const inv = Float64Array.from({ length: half }, (_, i) => 1 / config.ropeTheta ** ((2 * i) / config.headDim));
  const scaling = config.ropeScaling;
  if (!scaling) return inv;
  if (scaling.type === 'linear') return inv.map((f) => f / scaling.factor);
  const { factor, lowFreqFactor, highFreqFactor, originalMaxPositionEmbeddings: original } = scaling;
  const lowFreqWavelength = original / lowFreqFactor;
  const highFreqWavelength = original / highFreqFactor;
  return inv.map((f) => {
    const wavelength = (2 * Math.PI) / f;
    if (wavelength < highFreqWavelength) return f;
    if (wavelength > lowFreqWavelength) return f / factor;
    const smooth = (original / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
    return (1 - smooth) * (f / factor) + smooth * f;
  });
}

/**
 * cos and sin of position·frequency for every position of the context, [contextLength, headDim], each frequency
 * repeated for both halves of a head as transformers' rotate_half pairs element i with i + headDim/2.
 */
export function rotaryTables(config: LlamaConfig): { cos: Float32Array; sin: Float32Array } {
  const inv = inverseFrequencies(config);
  const { headDim, contextLength } = config;
  const half = headDim / 2;
  const cos = new Float32Array(contextLength * headDim);
  const sin = new Float32Array(contextLength * headDim);
  for (let position = 0; position < contextLength; position++) {
    for (let i = 0; i < half; i++) {
      // transformers computes frequencies and angles in float32; rounding both the same way matches its tables.
      const angle = Math.fround(position * Math.fround(inv[i]));
      const row = position * headDim;
      cos[row + i] = cos[row + i + half] = Math.cos(angle);
      sin[row + i] = sin[row + i + half] = Math.sin(angle);
    }
  }
  return { cos, sin };
}
