import { GptConfig, headDim } from '../../model/config';
import { ModelParams } from '../../model/params';
import { sinusoidalTable } from '../../model/sinusoidal';

/**
 * The GPT forward pass in plain float64 TypeScript loops: slow, obviously correct, and independent of
 * any ONNX code, so the exported graph can be checked against it. Returns logits [ids.length, vocab].
 */
export function referenceLogits(config: GptConfig, params: ModelParams, ids: number[]): Float64Array {
  const d = config.nEmbd;
  const seq = ids.length;
  const final = referenceHiddenStates(config, params, ids);
  const wte = params.get('wte.weight') as Float32Array;
  const logits = new Float64Array(seq * config.vocabSize);
  for (let t = 0; t < seq; t++) {
    for (let v = 0; v < config.vocabSize; v++) {
      let sum = 0;
      for (let c = 0; c < d; c++) sum += final[t * d + c] * wte[v * d + c];
      logits[t * config.vocabSize + v] = sum;
    }
  }
  return logits;
}

/** The mean over positions of referenceHiddenStates: a sequence's embedding as MeanPooledEmbedder defines it. */
export function referenceMeanPooled(config: GptConfig, params: ModelParams, ids: number[]): Float64Array {
  const hidden = referenceHiddenStates(config, params, ids);
  const d = config.nEmbd;
  const mean = new Float64Array(d);
  for (let t = 0; t < ids.length; t++) for (let c = 0; c < d; c++) mean[c] += hidden[t * d + c] / ids.length;
  return mean;
}

/** The same forward pass up to the final LayerNorm: [ids.length, nEmbd]. */
export function referenceHiddenStates(config: GptConfig, params: ModelParams, ids: number[]): Float64Array {
  const d = config.nEmbd;
  const seq = ids.length;
  const p = (name: string) => params.get(name) as Float32Array;
  const positions = config.positional === 'learned' ? p('wpe.weight') : sinusoidalTable(config.contextLength, d);
  let x = new Float64Array(seq * d);
  for (let t = 0; t < seq; t++) {
    for (let c = 0; c < d; c++) x[t * d + c] = p('wte.weight')[ids[t] * d + c] + positions[t * d + c];
  }
  for (let layer = 0; layer < config.nLayer; layer++) {
    const h = `h.${layer}`;
    const normed1 = layerNorm(x, d, p(`${h}.ln_1.weight`), p(`${h}.ln_1.bias`), config.layerNormEps);
    const attended = attention(config, params, normed1, h, seq);
    x = x.map((v, i) => v + attended[i]);
    const normed = layerNorm(x, d, p(`${h}.ln_2.weight`), p(`${h}.ln_2.bias`), config.layerNormEps);
    const hidden = linear(normed, seq, d, 4 * d, p(`${h}.mlp.c_fc.weight`), p(`${h}.mlp.c_fc.bias`)).map(geluTanh);
    const out = linear(hidden, seq, 4 * d, d, p(`${h}.mlp.c_proj.weight`), p(`${h}.mlp.c_proj.bias`));
    x = x.map((v, i) => v + out[i]);
  }
  return layerNorm(x, d, p('ln_f.weight'), p('ln_f.bias'), config.layerNormEps);
}

function geluTanh(x: number): number {
  return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
}

function layerNorm(x: Float64Array, d: number, gain: Float32Array, bias: Float32Array, eps: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let row = 0; row < x.length / d; row++) {
    let mean = 0;
    for (let c = 0; c < d; c++) mean += x[row * d + c] / d;
    let variance = 0;
    for (let c = 0; c < d; c++) variance += (x[row * d + c] - mean) ** 2 / d;
    const scale = 1 / Math.sqrt(variance + eps);
    for (let c = 0; c < d; c++) out[row * d + c] = (x[row * d + c] - mean) * scale * gain[c] + bias[c];
  }
  return out;
}

/** x [rows, inF] · W [inF, outF] + b */
function linear(x: Float64Array, rows: number, inF: number, outF: number, w: Float32Array, b: Float32Array): Float64Array {
  const out = new Float64Array(rows * outF);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outF; o++) {
      let sum = b[o];
      for (let i = 0; i < inF; i++) sum += x[r * inF + i] * w[i * outF + o];
      out[r * outF + o] = sum;
    }
  }
  return out;
}

function attention(config: GptConfig, params: ModelParams, x: Float64Array, prefix: string, seq: number): Float64Array {
  const d = config.nEmbd;
  const hd = headDim(config);
  const p = (name: string) => params.get(name) as Float32Array;
  const qkv = linear(x, seq, d, 3 * d, p(`${prefix}.attn.c_attn.weight`), p(`${prefix}.attn.c_attn.bias`));
  const merged = new Float64Array(seq * d);
  for (let head = 0; head < config.nHead; head++) {
    const at = (t: number, part: number, c: number) => qkv[t * 3 * d + part * d + head * hd + c];
    for (let query = 0; query < seq; query++) {
      const scores = new Float64Array(query + 1);
      for (let key = 0; key <= query; key++) {
        for (let c = 0; c < hd; c++) scores[key] += at(query, 0, c) * at(key, 1, c);
        scores[key] /= Math.sqrt(hd);
      }
      const max = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - max));
      const total = weights.reduce((a, b) => a + b, 0);
      for (let key = 0; key <= query; key++) {
        for (let c = 0; c < hd; c++) merged[query * d + head * hd + c] += (weights[key] / total) * at(key, 2, c);
      }
    }
  }
  return linear(merged, seq, d, d, p(`${prefix}.attn.c_proj.weight`), p(`${prefix}.attn.c_proj.bias`));
}
