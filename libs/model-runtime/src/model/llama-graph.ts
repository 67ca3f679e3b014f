import { AutodiffGraph } from '../autodiff/autodiff-graph';
import { Tensor } from '../autodiff/tensor';
import { LinearAdapter } from './linear-adapter';
import { LlamaConfig } from './llama-config';
import { rotaryTables } from '../inference/export/rotary-tables';

const MASKED_SCORE = -1e9;

/**
 * Emits a Llama-family forward pass (Llama, Qwen2, Mistral as transformers computes them) for int64 `inputIds`
 * [batch, seqLen] and returns logits [batch, seqLen, vocab]. Built from differentiable primitives only (RMSNorm as
 * x / sqrt(mean(x²) + eps), rotary as x·cos + rotate_half(x)·sin, SiLU as x·sigmoid(x), grouped-query attention by
 * expanding each key/value head over its query heads), so every op already has a checked gradient rule.
 * `adapt` adds a LoRA path to the projections it knows (params by Hugging Face name, nn.Linear weights [out, in]).
 */
export function llamaLogits(
  g: AutodiffGraph,
  config: LlamaConfig,
  params: Map<string, Tensor>,
  inputIds: Tensor,
  adapt?: LinearAdapter,
): Tensor {
  const [batch, seqLen] = inputIds.shape;
  const { nHead, nKvHead, headDim: hd, rmsNormEps } = config;
  const p = (name: string) => params.get(name)!;
  const linear = (x: Tensor, prefix: string, bias = false) => {
    let y = g.matmul(x, g.transposeLast(p(`${prefix}.weight`)));
    if (bias) y = g.add(y, p(`${prefix}.bias`));
    return adapt ? adapt(x, y, `${prefix}.weight`) : y;
  };
  const eps = g.scalar(rmsNormEps);
  const rmsNorm = (x: Tensor, weight: string) =>
    g.mul(g.div(x, g.sqrt(g.add(g.reduceMean(g.mul(x, x), [-1], true), eps))), p(weight));

  const { cos, sin } = rotaryTables(config);
  const cosTable = g.constant(cos.slice(0, seqLen * hd), [seqLen, hd], 'rope_cos');
  const sinTable = g.constant(sin.slice(0, seqLen * hd), [seqLen, hd], 'rope_sin');
  const rotate = (x: Tensor) => {
    const [first, second] = g.split(x, -1, [hd / 2, hd / 2]);
    return g.add(g.mul(x, cosTable), g.mul(g.concat([g.neg(second), first], -1), sinTable));
  };
  const heads = (t: Tensor, count: number) => g.transpose(g.reshape(t, [batch, seqLen, count, hd]), [0, 2, 1, 3]);
  const group = nHead / nKvHead;
  const repeatKv = (t: Tensor) =>
    group === 1 ? t : g.reshape(g.expand(g.reshape(t, [batch, nKvHead, 1, seqLen, hd]), [batch, nKvHead, group, seqLen, hd]), [batch, nHead, seqLen, hd]);
  const causal = g.constantBool(
    Array.from({ length: seqLen * seqLen }, (_, i) => i % seqLen <= Math.floor(i / seqLen)),
    [seqLen, seqLen],
  );
  const scoreScale = g.scalar(1 / Math.sqrt(hd));
  const masked = g.scalar(MASKED_SCORE);

  let x = g.gather(p('model.embed_tokens.weight'), inputIds);
  for (let i = 0; i < config.nLayer; i++) {
    const layer = `model.layers.${i}`;
    const normed = rmsNorm(x, `${layer}.input_layernorm.weight`);
    const q = rotate(heads(linear(normed, `${layer}.self_attn.q_proj`, config.attentionBias), nHead));
    const k = repeatKv(rotate(heads(linear(normed, `${layer}.self_attn.k_proj`, config.attentionBias), nKvHead)));
    const v = repeatKv(heads(linear(normed, `${layer}.self_attn.v_proj`, config.attentionBias), nKvHead));
    const scores = g.where(causal, g.matmul(g.mul(q, scoreScale), g.transposeLast(k)), masked);
    const mixed = g.reshape(g.transpose(g.matmul(g.softmax(scores), v), [0, 2, 1, 3]), [batch, seqLen, nHead * hd]);
    x = g.add(x, linear(mixed, `${layer}.self_attn.o_proj`));

    const normed2 = rmsNorm(x, `${layer}.post_attention_layernorm.weight`);
    const gate = linear(normed2, `${layer}.mlp.gate_proj`);
    const hidden = g.mul(g.mul(gate, g.sigmoid(gate)), linear(normed2, `${layer}.mlp.up_proj`));
    x = g.add(x, linear(hidden, `${layer}.mlp.down_proj`));
  }
  const final = rmsNorm(x, 'model.norm.weight');
  const head = config.tieEmbeddings ? p('model.embed_tokens.weight') : p('lm_head.weight');
  return g.matmul(final, g.transposeLast(head));
}
