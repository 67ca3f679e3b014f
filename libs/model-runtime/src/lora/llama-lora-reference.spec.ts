import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutodiffGraph } from '../autodiff/autodiff-graph';
import { gradients } from '../autodiff/backward';
import { Tensor } from '../autodiff/tensor';
import { weightedLanguageModelLoss } from '../model/gpt-graph';
import { ModelParams } from '../model/params';
import { decodeSafetensors } from '../model/safetensors';
import { createCpuSession } from '../onnx/cpu-session';
import { relativeError } from '../reference/finite-differences';
import { TrainingModel, trainingModel, TrainingModelSpec } from '../train/training-model';
import { HF_FIXTURES, maxAbsDifference, readReference } from '../import/testing/reference-fixture';
import { defaultTargetModules } from './lora-graph';
import { mergeLoraAdapter } from './merge-adapter';
import { readPeftAdapter } from './peft-files';
import { loadHfFixture } from './testing/hf-fixture';

/**
 * Against transformers + PEFT (the committed fixtures): our Llama-family forward, with and without the PEFT adapter,
 * merged or not, gives the reference logits; the completion-only loss and its gradient for every lora_A/lora_B
 * tensor equal PyTorch's.
 */
const LORA = join(HF_FIXTURES, 'llama-lora');
const { model: llama, params: base } = loadHfFixture('llama');
const adapter = readPeftAdapter(LORA);
const loraSpec: TrainingModelSpec = {
  model: llama,
  lora: { r: adapter.config.r, alpha: adapter.config.loraAlpha, dropout: 0, targetModules: adapter.config.targetModules },
};

function feedsFor(model: TrainingModel, params: ModelParams, ids: number[][]): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, shape] of model.paramShapes) feeds[name] = new ort.Tensor('float32', params.get(name)!, shape);
  feeds.input_ids = new ort.Tensor('int64', BigInt64Array.from(ids.flat(), BigInt), [ids.length, ids[0].length]);
  return feeds;
}

async function logitsOf(spec: TrainingModelSpec, params: ModelParams, prompt: number[]): Promise<Float32Array> {
  const model = trainingModel(spec);
  const g = new AutodiffGraph('logits');
  const inputs = new Map([...model.paramShapes].map(([name, shape]) => [name, g.input(name, 'float32', shape)]));
  g.output(model.logits(g, inputs, g.input('input_ids', 'int64', [1, prompt.length])), 'logits');
  const session = await createCpuSession(g.builder.toBytes());
  const out = await session.run(feedsFor(model, params, [prompt]));
  await session.release();
  return out.logits.data as Float32Array;
}

async function expectReferenceLogits(spec: TrainingModelSpec, params: ModelParams, fixture: string) {
  const reference = readReference(fixture);
  for (const [i, prompt] of reference.prompts.entries()) {
    expect(maxAbsDifference(await logitsOf(spec, params, prompt), reference.logits[i])).toBeLessThan(1e-4);
  }
}

const adapterParams = () => new Map([...adapter.weights].map(([name, { data }]) => [name, data]));

jest.setTimeout(120_000);

describe('Llama-family training forward and LoRA against transformers + PEFT', () => {
  it('reads the adapter PEFT saved', () => {
    expect(adapter.config).toEqual({ r: 4, loraAlpha: 8, loraDropout: 0, targetModules: defaultTargetModules(llama).sort(), baseModelNameOrPath: 'llama' });
    expect(adapter.weights.size).toBe(2 * 7 * llama.config.nLayer);
  });

  it('gives the base model\'s logits (GQA, llama3 rope scaling, untied head)', async () => {
    await expectReferenceLogits({ model: llama }, base, 'llama');
  });

  it('gives the adapted logits, through LoRA inputs and after merging', async () => {
    await expectReferenceLogits(loraSpec, new Map([...base, ...adapterParams()]), 'llama-lora');
    await expectReferenceLogits({ model: llama }, mergeLoraAdapter(base, adapter), 'llama-lora');
  });

  it.each(['qwen2', 'mistral'])('gives %s\'s logits (Qwen2: q/k/v biases, tied head; Mistral: F16 weights, rope_theta 1e6)', async (name) => {
    const { model, params } = loadHfFixture(name);
    await expectReferenceLogits({ model }, params, name);
  });

  it('gives GPT-2\'s logits from its HF weights', async () => {
    const { model, params } = loadHfFixture('gpt2');
    await expectReferenceLogits({ model }, params, 'gpt2');
  });

  it('computes the completion-only loss and the adapter gradients of PyTorch', async () => {
    const train: { input_ids: number[][]; labels: number[][]; loss: number } = JSON.parse(readFileSync(join(LORA, 'train.json'), 'utf8'));
    const [batch, seqLen] = [train.input_ids.length, train.input_ids[0].length];
    // transformers shifts: logits at t predict labels[t + 1]; -100 (and the last position) carry no weight.
    const targets = train.labels.flatMap((row) => row.map((_, t) => (t + 1 < seqLen && row[t + 1] !== -100 ? row[t + 1] : 0)));
    const weights = train.labels.flatMap((row) => row.map((_, t) => (t + 1 < seqLen && row[t + 1] !== -100 ? 1 : 0)));

    const model = trainingModel(loraSpec);
    const g = new AutodiffGraph('lora_loss');
    const inputs = new Map<string, Tensor>([...model.paramShapes].map(([name, shape]) => [name, g.input(name, 'float32', shape)]));
    const logits = model.logits(g, inputs, g.input('input_ids', 'int64', [batch, seqLen]));
    const loss = weightedLanguageModelLoss(g, logits, g.input('targets', 'int64', [batch, seqLen]), g.input('weights', 'float32', [batch, seqLen]));
    const names = [...model.adapterShapes.keys()];
    const grads = gradients(g, loss, names.map((name) => inputs.get(name)!));
    g.output(loss, 'loss');
    grads.forEach((grad, i) => g.output(grad, `grad_${i}`));
    const session = await createCpuSession(g.builder.toBytes());
    const out = await session.run({
      ...feedsFor(model, new Map([...base, ...adapterParams()]), train.input_ids),
      targets: new ort.Tensor('int64', BigInt64Array.from(targets, BigInt), [batch, seqLen]),
      weights: new ort.Tensor('float32', Float32Array.from(weights), [batch, seqLen]),
    });
    await session.release();

    expect(Math.abs((out.loss.data as Float32Array)[0] - train.loss)).toBeLessThan(1e-4);
    const reference = decodeSafetensors(readFileSync(join(LORA, 'grads.safetensors'))).tensors;
    expect(reference.size).toBe(names.length);
    names.forEach((name, i) => {
      const ours = Array.from(out[`grad_${i}`].data as Float32Array);
      const theirs = Array.from(reference.get(name)!.data);
      expect(relativeError(ours, theirs)).toBeLessThan(1e-3);
    });
  });
});
