/**
 * Where a LoRA target's base weight lives and how it is laid out. PEFT names modules by their path in the transformers
 * model: `model.layers.0.self_attn.q_proj` (Llama family, nn.Linear weight [out, in]) or
 * `transformer.h.0.attn.c_attn` (GPT2LMHeadModel, Conv1D weight [in, out]). The runtime's GPT-2 parameters drop the
 * `transformer.` prefix (GPT2Model's names, as GPT-2 checkpoints store them); Llama-family parameters are HF's names.
 */
const GPT2_MODULE = /^(?:transformer\.)?h\.\d+\.(?:attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)$/;
const GPT2_PREFIX = 'transformer.';

/** True for GPT-2's Conv1D projections, whose weight is [in, out] where nn.Linear's is [out, in]. */
export function isConv1dModule(modulePath: string): boolean {
  return GPT2_MODULE.test(modulePath);
}

/** The PEFT module path of a runtime weight name (`h.0.attn.c_attn.weight` → `transformer.h.0.attn.c_attn`). */
export function modulePathOfWeight(weightName: string): string {
  const path = weightName.replace(/\.weight$/, '');
  return isConv1dModule(path) && !path.startsWith(GPT2_PREFIX) ? `${GPT2_PREFIX}${path}` : path;
}

/** The name under which `params` holds the module's weight: the transformers name, or the GPT-2 runtime name. */
export function baseWeightName(modulePath: string, params: ReadonlyMap<string, unknown>): string | undefined {
  const candidates = [`${modulePath}.weight`];
  if (modulePath.startsWith(GPT2_PREFIX)) candidates.push(`${modulePath.slice(GPT2_PREFIX.length)}.weight`);
  return candidates.find((name) => params.has(name));
}
