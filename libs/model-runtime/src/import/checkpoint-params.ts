import { ModelImportError } from '../errors';
import { DecoderModelConfig } from '../model/decoder-model';
import { ModelParams } from '../model/params';
import { decoderParamShapes } from '../inference/export/decoder-network';
import { Checkpoint } from './checkpoint';

/** Names listed in a message before "and N more". */
const LISTED_NAMES = 8;

function listNames(names: string[]): string {
  const shown = names.slice(0, LISTED_NAMES).join(', ');
  return names.length > LISTED_NAMES ? `${shown} and ${names.length - LISTED_NAMES} more` : shown;
}

/**
 * The runtime's name for a checkpoint tensor, or undefined for a tensor transformers keeps but the model does not
 * compute with: GPT-2's causal-mask buffers (attn.bias, attn.masked_bias), old Llama checkpoints' rotary inv_freq, and
 * the duplicate LM head a tied checkpoint may carry. GPT2LMHeadModel prefixes its body with `transformer.`; the
 * runtime's GPT-2 names are GPT2Model's, so the prefix goes.
 */
function runtimeName(model: DecoderModelConfig, name: string): string | undefined {
  if (model.architecture === 'gpt2') {
    const bare = name.startsWith('transformer.') ? name.slice('transformer.'.length) : name;
    if (/^h\.\d+\.attn\.(bias|masked_bias)$/.test(bare) || bare === 'lm_head.weight') return undefined;
    return bare;
  }
  if (/\.rotary_emb\.inv_freq$/.test(name)) return undefined;
  if (model.config.tieEmbeddings && name === 'lm_head.weight') return undefined;
  return name;
}

/** The parameters a checkpoint must hold for the model (training-service's preflight checks shapes with it). */
export const expectedParamShapes = decoderParamShapes;

export interface ReadProgress {
  tensor: string;
  done: number;
  total: number;
}

/**
 * Every parameter of the model read from the checkpoint as float32, one tensor at a time, each shape checked against
 * the config. Missing and unexpected tensors are named (all of them, up to a few) before anything is read.
 */
export function readCheckpointParams(
  checkpoint: Checkpoint,
  model: DecoderModelConfig,
  onTensor?: (progress: ReadProgress) => void,
): ModelParams {
  const expected = decoderParamShapes(model);
  const sourceOf = new Map<string, string>();
  const unexpected: string[] = [];
  for (const name of checkpoint.tensors.keys()) {
    const runtime = runtimeName(model, name);
    if (runtime === undefined) continue;
    if (expected.has(runtime)) sourceOf.set(runtime, name);
    else unexpected.push(name);
  }
  if (unexpected.length > 0) {
    throw new ModelImportError(unexpected[0], `the checkpoint has tensors the config does not describe: ${listNames(unexpected)}`);
  }
  const missing = [...expected.keys()].filter((name) => !sourceOf.has(name));
  if (missing.length > 0) throw new ModelImportError(missing[0], `the checkpoint lacks tensors: ${listNames(missing)}`);
  const params: ModelParams = new Map();
  for (const [name, shape] of expected) {
    const source = sourceOf.get(name) as string;
    const actual = checkpoint.tensors.get(source)?.location.shape ?? [];
    if (actual.length !== shape.length || actual.some((d, i) => d !== shape[i])) {
      throw new ModelImportError(source, `tensor ${source} has shape [${actual}], the config implies [${shape}]`);
    }
    params.set(name, checkpoint.read(source));
    onTensor?.({ tensor: source, done: params.size, total: expected.size });
  }
  return params;
}
