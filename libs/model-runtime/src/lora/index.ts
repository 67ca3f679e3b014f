/**
 * LoRA in the runtime: PEFT files, merging, and (with src/train) fine-tuning a frozen base.
 *
 * - `readPeftAdapter(dir)` / `writePeftAdapter(dir, adapter)`: adapter_config.json + adapter_model.safetensors as PEFT
 *   saves them; a `LoraAdapter` holds the config and the F32 weights by PEFT tensor name
 *   (`base_model.model.<module>.lora_A.weight` [r, in], `lora_B.weight` [out, r]). Errors: AdapterFormatError (field).
 * - `mergeLoraAdapter(baseParams, adapter)`: W + (alpha/r)·B·A per module, in the base's layout (GPT-2 Conv1D [in, out],
 *   Llama-family nn.Linear [out, in]).
 * - `loraScale(config)`: alpha/r, the factor serving folds into the `lora.<i>.<m>.b` inputs of decoder_step.
 *
 * Training (src/train): `Trainer.create(spec, options, data, baseParams)` with a `TrainingModelSpec`
 * `{ model: DecoderModelConfig, lora?: { r, alpha, dropout, targetModules } }` (defaultTargetModules(model):
 * every attention and MLP projection); a bare GptConfig still trains GPT-2 whole. `data` is the token stream or
 * `{ tokens, lossWeights }` (0 on prompt tokens: completion-only loss). Without `lora` the whole model trains (full
 * fine-tune; `options.frozen` leaves prefixes out). With `lora` only the adapter and its Adam moments train and are
 * checkpointed: `Trainer.resume(checkpoint, data, baseParams)` takes the same base again. `trainer.exportAdapter(dir,
 * baseName)` writes the PEFT files.
 */
export * from './lora-adapter';
export * from './module-layout';
export * from './peft-files';
export * from './merge-adapter';
export * from './lora-graph';
