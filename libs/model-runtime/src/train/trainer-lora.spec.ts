import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrainingConfigError } from '../errors';
import { decodeSafetensors } from '../model/safetensors';
import { initParams, ModelParams } from '../model/params';
import { defaultTargetModules } from '../lora/lora-graph';
import { mergeLoraAdapter } from '../lora/merge-adapter';
import { readPeftAdapter } from '../lora/peft-files';
import { loadHfFixture } from '../lora/testing/hf-fixture';
import { LossEvaluator } from './loss-evaluator';
import { loadTestCorpus, runSteps, tinyConfig } from './test-corpus';
import { Trainer } from './trainer';
import { trainingModel, TrainingModelSpec } from './training-model';
import { TrainingOptions } from './training-options';

const corpus = loadTestCorpus();
const gpt = tinyConfig(corpus.vocabulary.size, { dropout: 0.1 });
const gptBase = initParams(gpt, 11);
const gptLora: TrainingModelSpec = {
  model: { architecture: 'gpt2', config: gpt },
  lora: { r: 4, alpha: 8, dropout: 0.05, targetModules: ['c_attn', 'c_proj', 'c_fc'] },
};
const { model: llama, params: llamaBase } = loadHfFixture('llama');
const llamaLora: TrainingModelSpec = {
  model: llama,
  lora: { r: 4, alpha: 8, dropout: 0, targetModules: defaultTargetModules(llama) },
};
const options: Partial<TrainingOptions> = {
  batchSize: 8, seqLen: 16, schedule: { maxLr: 1e-2, minLr: 1e-3, warmupSteps: 5, decaySteps: 300 }, seed: 5,
};
const dir = mkdtempSync(join(tmpdir(), 'lora-trainer-'));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

jest.setTimeout(180_000);

describe('Trainer with LoRA on a frozen base', () => {
  it('starts exactly at the base model (B = 0) and trains only the adapter, lowering the loss (Llama base)', async () => {
    const trainer = await Trainer.create(llamaLora, options, corpus.train, llamaBase);
    const baseLoss = await LossEvaluator.create(trainingModel({ model: llamaLora.model }), 8, 16);
    const before = await trainer.evaluate(corpus.validation);
    expect(before.loss).toBeCloseTo((await baseLoss.evaluate(llamaBase, corpus.validation)).loss, 5);
    await baseLoss.release();
    const losses = await runSteps(trainer, 200);
    const after = await trainer.evaluate(corpus.validation);
    const params = trainer.currentParams();
    await trainer.release();
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) - 1);
    expect(after.loss).toBeLessThan(before.loss - 1);
    for (const [name, value] of llamaBase) expect(params.get(name)).toEqual(value);
    expect(params.get('base_model.model.model.layers.1.mlp.down_proj.lora_B.weight')!.some((v) => v !== 0)).toBe(true);
  });

  it('checkpoints only the adapter and its moments, and resumes after a kill bit-identically (GPT-2, with dropout)', async () => {
    const straight = await Trainer.create(gptLora, options, corpus.train, gptBase);
    const straightLosses = await runSteps(straight, 20);
    const straightParams = straight.currentParams();
    await straight.release();

    const first = await Trainer.create(gptLora, options, corpus.train, gptBase);
    await runSteps(first, 10);
    const path = join(dir, 'lora-step10.ckpt');
    first.saveCheckpoint(path);
    // No release: the resumed run shares nothing with the first one but the file, as after a SIGKILL.
    const stored = [...decodeSafetensors(readFileSync(path)).tensors.keys()];
    expect(stored.every((name) => /lora_[AB]\.weight$/.test(name))).toBe(true);
    expect(stored).toHaveLength(3 * 2 * 4 * gpt.nLayer);

    await expect(Trainer.resume(path, corpus.train)).rejects.toThrow(TrainingConfigError);
    const resumed = await Trainer.resume(path, corpus.train, gptBase);
    expect(resumed.step).toBe(10);
    const resumedLosses = await runSteps(resumed, 10);
    const resumedParams = resumed.currentParams();
    await Promise.all([resumed.release(), first.release()]);
    expect(resumedLosses).toEqual(straightLosses.slice(10));
    for (const [name, value] of straightParams) expect(resumedParams.get(name)).toEqual(value);
  });

  it('exports a PEFT adapter that, merged into the base, gives the trained model (GPT-2 Conv1D layout)', async () => {
    const trainer = await Trainer.create(gptLora, options, corpus.train, gptBase);
    await runSteps(trainer, 30);
    const adapterDir = join(dir, 'adapter');
    trainer.exportAdapter(adapterDir, 'tiny-gpt2');
    const adapted = await trainer.evaluate(corpus.validation);
    await trainer.release();

    const adapter = readPeftAdapter(adapterDir);
    expect(adapter.config).toEqual({ r: 4, loraAlpha: 8, loraDropout: 0.05, targetModules: ['c_attn', 'c_proj', 'c_fc'], baseModelNameOrPath: 'tiny-gpt2' });
    const merged = await LossEvaluator.create(gpt, 8, 16);
    const mergedLoss = await merged.evaluate(mergeLoraAdapter(gptBase, adapter), corpus.validation);
    await merged.release();
    expect(mergedLoss.loss).toBeCloseTo(adapted.loss, 5);
    expect(mergedLoss.loss).not.toBeCloseTo((await baseLossOf(gptBase)), 2);
  });

  it('weighs targets: all-ones weights equal the plain loss; all-zero weights give loss 0 and leave the adapter as it was', async () => {
    const ones = new Float32Array(corpus.train.length).fill(1);
    const plain = await Trainer.create(llamaLora, options, corpus.train, llamaBase);
    const weighted = await Trainer.create(llamaLora, options, { tokens: corpus.train, lossWeights: ones }, llamaBase);
    const [a, b] = [await runSteps(plain, 3), await runSteps(weighted, 3)];
    a.forEach((loss, i) => expect(b[i]).toBeCloseTo(loss, 5));
    await Promise.all([plain.release(), weighted.release()]);

    const zeros = new Float32Array(corpus.train.length);
    const idle = await Trainer.create(llamaLora, { ...options, weightDecay: 0 }, { tokens: corpus.train, lossWeights: zeros }, llamaBase);
    const before = idle.currentParams();
    expect(await runSteps(idle, 2)).toEqual([0, 0]);
    const after = idle.currentParams();
    await idle.release();
    for (const [name, value] of before) expect(after.get(name)).toEqual(value);
  });

  it('evaluates held-out data per target weight: the two halves of a split weigh up to the whole', async () => {
    const trainer = await Trainer.create(llamaLora, options, corpus.train, llamaBase);
    await runSteps(trainer, 5);
    const vowels = Float32Array.from(corpus.validation, (id) => (/[aeiou]/.test(corpus.vocabulary.decode([id])) ? 1 : 0));
    const rest = vowels.map((w) => 1 - w);
    const whole = await trainer.evaluate(corpus.validation);
    const onVowels = await trainer.evaluate({ tokens: corpus.validation, lossWeights: vowels });
    const onRest = await trainer.evaluate({ tokens: corpus.validation, lossWeights: rest });
    await trainer.release();
    expect(onVowels.tokens + onRest.tokens).toBe(whole.tokens);
    expect(onVowels.tokens).toBeGreaterThan(0.2 * whole.tokens);
    expect(onVowels.loss).not.toBeCloseTo(onRest.loss, 1);
    expect((onVowels.loss * onVowels.tokens + onRest.loss * onRest.tokens) / whole.tokens).toBeCloseTo(whole.loss, 4);
  });

  it('holds a small fraction of a full fine-tune\'s training state', async () => {
    const lora = await Trainer.create(llamaLora, options, corpus.train, llamaBase);
    const full = await Trainer.create({ model: llamaLora.model }, options, corpus.train, llamaBase);
    const [loraPath, fullPath] = [join(dir, 'lora.ckpt'), join(dir, 'full.ckpt')];
    lora.saveCheckpoint(loraPath);
    full.saveCheckpoint(fullPath);
    await Promise.all([lora.release(), full.release()]);
    const adapterValues = [...trainingModel(llamaLora).adapterShapes.values()].reduce((n, s) => n + s[0] * s[1], 0);
    // Adapter + 2 Adam moments in F32, against every parameter + 2 moments.
    expect(statSync(loraPath).size).toBeLessThan(3 * 4 * adapterValues + 64 * 1024);
    expect(statSync(loraPath).size * 5).toBeLessThan(statSync(fullPath).size);
  });

  it('rejects targets that match no projection, naming them', async () => {
    const spec = { ...llamaLora, lora: { ...llamaLora.lora!, targetModules: ['q_proj', 'c_attn'] } };
    await expect(Trainer.create(spec, options, corpus.train, llamaBase)).rejects.toThrow(/"c_attn" matches no projection/);
  });
});

async function baseLossOf(params: ModelParams): Promise<number> {
  const evaluator = await LossEvaluator.create(gpt, 8, 16);
  const { loss } = await evaluator.evaluate(params, corpus.validation);
  await evaluator.release();
  return loss;
}
