import * as ort from 'onnxruntime-node';
import { CorruptModelError } from '../../errors';

/**
 * One linear layer of decoder_step that takes a low-rank update (contract 3 of issue 15): inputs
 * `lora.<layer>.<module>.a` [batch, in, lora_rank] and `lora.<layer>.<module>.b` [batch, lora_rank, out], the latter
 * already scaled by alpha / r; the graph adds x·a·b per batch row.
 */
export interface LoraModule {
  layer: number;
  /** The module's Hugging Face path below its layer, e.g. self_attn.q_proj or attn.c_attn. */
  module: string;
  inFeatures: number;
  outFeatures: number;
  aInput: string;
  bInput: string;
}

const LORA_INPUT = /^lora\.(\d+)\.(.+)\.(a|b)$/;

/** The LoRA-carrying layers of a decoder_step session, read from its declared inputs; none for a graph without them. */
export function loraModulesOf(session: Pick<ort.InferenceSession, 'inputMetadata'>, file: string): LoraModule[] {
  const dims = new Map<string, readonly (number | string)[]>();
  for (const input of session.inputMetadata) {
    if (LORA_INPUT.test(input.name) && input.isTensor) dims.set(input.name, input.shape);
  }
  const modules: LoraModule[] = [];
  for (const [aInput, aShape] of dims) {
    const [, layer, module, side] = LORA_INPUT.exec(aInput) as RegExpExecArray;
    if (side !== 'a') continue;
    const bInput = `lora.${layer}.${module}.b`;
    const bShape = dims.get(bInput);
    const inFeatures = aShape[1];
    const outFeatures = bShape?.[2];
    if (typeof inFeatures !== 'number' || typeof outFeatures !== 'number') {
      throw new CorruptModelError(file, `LoRA inputs ${aInput} / ${bInput} lack fixed in/out dimensions`);
    }
    modules.push({ layer: Number(layer), module, inFeatures, outFeatures, aInput, bInput });
  }
  return modules;
}
