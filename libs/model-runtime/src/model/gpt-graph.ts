import { AutodiffGraph } from '../autodiff/autodiff-graph';
import { Tensor } from '../autodiff/tensor';
import { GptConfig, headDim } from './config';
import { LinearAdapter } from './linear-adapter';
import { paramShapes } from './params';
import { sinusoidalTable } from './sinusoidal';

/** Large enough that exp() underflows to 0 after max-subtraction in Softmax, small enough to stay finite in float32. */
const MASKED_SCORE = -1e9;

/** Where dropout applies (GPT-2 / nanoGPT): embeddings, attention probabilities, and both residual branches. */
export interface DropoutSite {
  name: string;
  shape: number[];
  /** Probability of dropping an element. */
  p: number;
}

export function dropoutSites(config: GptConfig, batch: number, seqLen: number): DropoutSite[] {
  const d = config.nEmbd;
  const p = config.dropout;
  if (p === 0) return [];
  const sites: DropoutSite[] = [{ name: 'dropout.embd', shape: [batch, seqLen, d], p }];
  for (let i = 0; i < config.nLayer; i++) {
    sites.push({ name: `dropout.h.${i}.attn`, shape: [batch, config.nHead, seqLen, seqLen], p });
    sites.push({ name: `dropout.h.${i}.attn_resid`, shape: [batch, seqLen, d], p });
    sites.push({ name: `dropout.h.${i}.mlp_resid`, shape: [batch, seqLen, d], p });
  }
  return sites;
}

/** Declares every parameter as a float32 graph input named as in paramShapes. */
export function paramInputs(g: AutodiffGraph, config: GptConfig): Map<string, Tensor> {
  const inputs = new Map<string, Tensor>();
  for (const [name, shape] of paramShapes(config)) inputs.set(name, g.input(name, 'float32', shape));
  return inputs;
}

/**
 * Emits the GPT forward pass for int64 `inputIds` [batch, seqLen] and returns logits [batch, seqLen, vocab].
 * `dropoutMasks` (by DropoutSite name; already scaled by 1/(1-p)) are multiplied in when given, so the random draw
 * stays outside the graph, where a checkpoint can save its generator. `adapt` adds a LoRA path to the projections.
 */
export function gptLogits(
  g: AutodiffGraph,
  config: GptConfig,
  params: Map<string, Tensor>,
  inputIds: Tensor,
  dropoutMasks?: Map<string, Tensor>,
  adapt?: LinearAdapter,
): Tensor {
  const [batch, seqLen] = inputIds.shape;
  const d = config.nEmbd;
  const nHead = config.nHead;
  const hd = headDim(config);
  const p = (name: string) => params.get(name)!;
  const dropout = (x: Tensor, site: string) => {
    const mask = dropoutMasks?.get(site);
    return mask ? g.mul(x, mask) : x;
  };
  const linear = (x: Tensor, prefix: string) => {
    const y = g.add(g.matmul(x, p(`${prefix}.weight`)), p(`${prefix}.bias`));
    return adapt ? adapt(x, y, `${prefix}.weight`) : y;
  };
  const layerNorm = (x: Tensor, prefix: string) =>
    g.layerNorm(x, p(`${prefix}.weight`), p(`${prefix}.bias`), config.layerNormEps);

  const positions =
    config.positional === 'learned'
      ? g.slice(p('wpe.weight'), 0, 0, seqLen)
      : g.constant(sinusoidalTable(seqLen, d), [seqLen, d], 'sinusoidal_pe');
  let x = dropout(g.add(g.gather(p('wte.weight'), inputIds), positions), 'dropout.embd');

  const causal = g.constantBool(
    Array.from({ length: seqLen * seqLen }, (_, i) => i % seqLen <= Math.floor(i / seqLen)),
    [seqLen, seqLen],
  );
  const scoreScale = g.scalar(1 / Math.sqrt(hd));
  const masked = g.scalar(MASKED_SCORE);
  const heads = (t: Tensor) => g.transpose(g.reshape(t, [batch, seqLen, nHead, hd]), [0, 2, 1, 3]);

  for (let i = 0; i < config.nLayer; i++) {
    const h = `h.${i}`;
    const [q, k, v] = g.split(linear(layerNorm(x, `${h}.ln_1`), `${h}.attn.c_attn`), -1, [d, d, d]);
    // Scaling q (T x d_k per head) is cheaper than scaling the T x T scores; transposing k's last two axes right
    // before the product lets onnxruntime fold the transpose into its MatMul kernel.
    const scores = g.where(causal, g.matmul(g.mul(heads(q), scoreScale), g.transposeLast(heads(k))), masked);
    const attention = dropout(g.softmax(scores), `dropout.${h}.attn`);
    const mixed = g.reshape(g.transpose(g.matmul(attention, heads(v)), [0, 2, 1, 3]), [batch, seqLen, d]);
    x = g.add(x, dropout(linear(mixed, `${h}.attn.c_proj`), `dropout.${h}.attn_resid`));

    const hidden = g.geluTanh(linear(layerNorm(x, `${h}.ln_2`), `${h}.mlp.c_fc`));
    x = g.add(x, dropout(linear(hidden, `${h}.mlp.c_proj`), `dropout.${h}.mlp_resid`));
  }

  const final = layerNorm(x, 'ln_f');
  return g.matmul(final, g.transposeLast(p('wte.weight')));
}

/** Mean next-token cross-entropy of logits [batch, seqLen, vocab] against int64 targets [batch, seqLen]. */
export function languageModelLoss(g: AutodiffGraph, logits: Tensor, targets: Tensor): Tensor {
  const [batch, seqLen, vocab] = logits.shape;
  return g.softmaxCrossEntropy(g.reshape(logits, [batch * seqLen, vocab]), g.reshape(targets, [batch * seqLen]));
}

/**
 * Next-token cross-entropy weighted per target: sum(w·ce) / sum(w), float `weights` [batch, seqLen]. With 0/1 weights
 * it is the mean over the weighted tokens, as transformers' -100 labels give (completion-only loss); a batch with no
 * weighted token has loss 0 and no gradient.
 */
export function weightedLanguageModelLoss(g: AutodiffGraph, logits: Tensor, targets: Tensor, weights: Tensor): Tensor {
  const [batch, seqLen, vocab] = logits.shape;
  const perToken = g.softmaxCrossEntropy(g.reshape(logits, [batch * seqLen, vocab]), g.reshape(targets, [batch * seqLen]), 'none');
  const flatWeights = g.reshape(weights, [batch * seqLen]);
  const total = g.reduceSum(g.mul(perToken, flatWeights), [0], false);
  return g.div(total, g.max(g.reduceSum(flatWeights, [0], false), g.scalar(1e-12)));
}
