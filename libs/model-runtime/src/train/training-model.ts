import { AutodiffGraph } from '../autodiff/autodiff-graph';
import { Tensor } from '../autodiff/tensor';
import { TrainingConfigError } from '../errors';
import { validateConfig } from '../model/config';
import { DecoderModelConfig } from '../model/decoder-model';
import { DropoutSite, dropoutSites, gptLogits } from '../model/gpt-graph';
import { llamaLogits } from '../model/llama-graph';
import { llamaParamShapes, validateLlamaConfig } from '../model/llama-config';
import { paramShapes } from '../model/params';
import { LinearAdapter } from '../model/linear-adapter';
import { AdaptedProjection, adaptedProjections, loraDropoutSites, loraLinearAdapter, loraParamShapes, LoraTrainingConfig } from '../lora/lora-graph';

/** What a training run trains: a decoder of either architecture, whole or through a LoRA adapter on its frozen base. */
export interface TrainingModelSpec {
  model: DecoderModelConfig;
  lora?: LoraTrainingConfig;
}

/**
 * The seam between the Trainer and a model definition: parameter shapes, which of them train, the dropout sites and
 * the forward pass. Step graphs, checkpoints and the Trainer read only this, whatever the architecture or method.
 */
export interface TrainingModel {
  readonly spec: TrainingModelSpec;
  readonly vocabSize: number;
  readonly contextLength: number;
  /** The architecture's parameters (Hugging Face names). With LoRA they are the frozen base, fed as inputs. */
  readonly baseShapes: Map<string, number[]>;
  /** The LoRA adapter's tensors by PEFT name; empty without LoRA. */
  readonly adapterShapes: Map<string, number[]>;
  readonly adaptedProjections: AdaptedProjection[];
  /** Every graph parameter: base then adapter. */
  readonly paramShapes: Map<string, number[]>;
  /** Parameters a checkpoint must hold to continue: the adapter with LoRA (the base is supplied again), else all. */
  readonly checkpointedNames: string[];
  /** Candidates for training: the adapter with LoRA, else the base's parameters (the options' `frozen` filters them). */
  readonly trainableCandidates: string[];
  dropoutSites(batch: number, seqLen: number): DropoutSite[];
  logits(g: AutodiffGraph, params: Map<string, Tensor>, inputIds: Tensor, dropoutMasks?: Map<string, Tensor>): Tensor;
}

export function trainingModel(spec: TrainingModelSpec): TrainingModel {
  const { model, lora } = spec;
  if (model.architecture === 'gpt2') validateConfig(model.config);
  else if (model.architecture === 'llama') validateLlamaConfig(model.config);
  else throw new TrainingConfigError(`unknown architecture ${(model as { architecture: string }).architecture}`);
  const baseShapes = model.architecture === 'gpt2' ? paramShapes(model.config) : llamaParamShapes(model.config);
  const targets = lora ? adaptedProjections(model, lora) : [];
  const adapterShapes = lora ? loraParamShapes(targets, lora.r) : new Map<string, number[]>();
  const adapterNames = [...adapterShapes.keys()];
  const baseNames = [...baseShapes.keys()];
  const adapter = (g: AutodiffGraph, params: Map<string, Tensor>, masks?: Map<string, Tensor>): LinearAdapter | undefined =>
    lora ? loraLinearAdapter(g, targets, lora, params, masks) : undefined;
  return {
    spec,
    vocabSize: model.config.vocabSize,
    contextLength: model.config.contextLength,
    baseShapes,
    adapterShapes,
    adaptedProjections: targets,
    paramShapes: new Map([...baseShapes, ...adapterShapes]),
    checkpointedNames: lora ? adapterNames : baseNames,
    trainableCandidates: lora ? adapterNames : baseNames,
    dropoutSites(batch, seqLen) {
      // A GPT-2 base keeps its own dropout under LoRA too, as PEFT trains it in train mode; Llama-family configs have none.
      const baseSites = model.architecture === 'gpt2' ? dropoutSites(model.config, batch, seqLen) : [];
      return [...baseSites, ...(lora ? loraDropoutSites(targets, lora.dropout, batch, seqLen) : [])];
    },
    logits(g, params, inputIds, dropoutMasks) {
      return model.architecture === 'gpt2'
        ? gptLogits(g, model.config, params, inputIds, dropoutMasks, adapter(g, params, dropoutMasks))
        : llamaLogits(g, model.config, params, inputIds, adapter(g, params, dropoutMasks));
    },
  };
}
