import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptCheckpointError, ModelConfigError, TokenIdOutOfRangeError, TrainingConfigError } from '../errors';
import { initParams } from '../model/params';
import { loadWeights, saveWeights } from '../model/weights-file';
import { loadTestCorpus, runSteps, tinyConfig } from './test-corpus';
import { loadCheckpoint } from './checkpoint';
import { Trainer } from './trainer';
import { TrainingOptions } from './training-options';

const corpus = loadTestCorpus();
const config = tinyConfig(corpus.vocabulary.size);
const options: Partial<TrainingOptions> = {
  batchSize: 8, seqLen: 16, schedule: { maxLr: 1e-2, minLr: 1e-3, warmupSteps: 5, decaySteps: 300 }, seed: 7,
};
const dir = mkdtempSync(join(tmpdir(), 'trainer-'));

// Training runs and finite-difference sweeps take seconds, more when other test files share the two cores.
jest.setTimeout(60_000);

describe('Trainer', () => {
  it('lowers the loss on real text, and held-out loss and perplexity with it', async () => {
    const trainer = await Trainer.create(config, options, corpus.train, initParams(config, 1));
    const before = await trainer.evaluate(corpus.validation);
    const losses = await runSteps(trainer, 150);
    const after = await trainer.evaluate(corpus.validation);
    await trainer.release();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(losses[0]).toBeGreaterThan(Math.log(config.vocabSize) - 0.3);
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) - 0.8);
    expect(after.loss).toBeLessThan(before.loss - 0.5);
    expect(after.perplexity).toBeCloseTo(Math.exp(after.loss), 6);
    expect(after.tokens).toBe(Math.floor(Math.floor((corpus.validation.length - 1) / 16) / 8) * 8 * 16);
  });

  it('takes a first AdamW step of size lr per coordinate plus decoupled weight decay, after clipping', async () => {
    // A tiny epsilon keeps Adam's first direction g / |g| at exactly ±1 even for the small clipped gradients.
    const clipped = { ...options, gradClip: 1e-3, weightDecay: 0.5, adamEps: 1e-20 };
    const trainer = await Trainer.create(config, clipped, corpus.train, initParams(config, 2));
    const p0 = trainer.currentParams();
    const { lr, gradNorm } = await trainer.trainStep();
    const p1 = trainer.currentParams();
    expect(gradNorm).toBeGreaterThan(1e-3);
    // t = 1: m/(1-b1) = g and v/(1-b2) = g^2, so the Adam direction is g/|g| = ±1 wherever g is not tiny.
    const w0 = p0.get('h.1.mlp.c_fc.weight')!;
    const w1 = p1.get('h.1.mlp.c_fc.weight')!;
    let unitSteps = 0;
    w0.forEach((v, i) => {
      const adamStep = Math.abs(w0[i] - w1[i] - lr * 0.5 * v);
      if (Math.abs(adamStep - lr) < lr * 0.02) unitSteps++;
    });
    expect(unitSteps / w0.length).toBeGreaterThan(0.9);
    // Biases are not decayed: b1 - b0 = ±lr.
    const b0 = p0.get('h.1.mlp.c_fc.bias')!;
    const b1 = p1.get('h.1.mlp.c_fc.bias')!;
    expect(Math.abs(Math.abs(b1[3] - b0[3]) - lr)).toBeLessThan(lr * 0.05);
    // The first moment is (1 - beta1) times the clipped gradient, whose global norm is the clip threshold.
    const path = join(dir, 'adam.ckpt');
    trainer.saveCheckpoint(path);
    await trainer.release();
    let squares = 0;
    for (const m of loadCheckpoint(path).moments.values()) m.forEach((v) => (squares += v * v));
    expect(Math.sqrt(squares)).toBeCloseTo(0.1 * 1e-3, 7);
  });

  it('accumulating two micro-batches of 4 equals one batch of 8', async () => {
    const whole = await Trainer.create(config, options, corpus.train, initParams(config, 3));
    const split = await Trainer.create(config, { ...options, microBatches: 2 }, corpus.train, initParams(config, 3));
    const a = await runSteps(whole, 3);
    const b = await runSteps(split, 3);
    a.forEach((loss, i) => expect(b[i]).toBeCloseTo(loss, 4));
    const pa = whole.currentParams().get('h.0.attn.c_attn.weight')!;
    const pb = split.currentParams().get('h.0.attn.c_attn.weight')!;
    pa.forEach((v, i) => expect(Math.abs(v - pb[i])).toBeLessThan(1e-4));
    await Promise.all([whole.release(), split.release()]);
  });

  it('resumed from a step-10 checkpoint, reaches the same loss at step 20 as a straight run (with dropout)', async () => {
    const dropoutConfig = { ...config, dropout: 0.1 };
    const straight = await Trainer.create(dropoutConfig, options, corpus.train, initParams(dropoutConfig, 4));
    const straightLosses = await runSteps(straight, 20);
    await straight.release();

    const first = await Trainer.create(dropoutConfig, options, corpus.train, initParams(dropoutConfig, 4));
    await runSteps(first, 10);
    const path = join(dir, 'step10.ckpt');
    first.saveCheckpoint(path);
    await first.release();
    const resumed = await Trainer.resume(path, corpus.train);
    expect(resumed.step).toBe(10);
    const resumedLosses = await runSteps(resumed, 10);
    await resumed.release();
    resumedLosses.forEach((loss, i) => expect(Math.abs(loss - straightLosses[10 + i])).toBeLessThan(1e-6));
  });

  it('raises CorruptCheckpointError for a truncated or altered checkpoint', async () => {
    const trainer = await Trainer.create(config, options, corpus.train, initParams(config, 5));
    const path = join(dir, 'good.ckpt');
    trainer.saveCheckpoint(path);
    await trainer.release();
    const bytes = readFileSync(path);
    writeFileSync(join(dir, 'truncated.ckpt'), bytes.subarray(0, bytes.length - 100));
    const altered = Buffer.from(bytes);
    altered[altered.length - 5] ^= 0x40;
    writeFileSync(join(dir, 'altered.ckpt'), altered);
    await expect(Trainer.resume(join(dir, 'truncated.ckpt'), corpus.train)).rejects.toThrow(CorruptCheckpointError);
    await expect(Trainer.resume(join(dir, 'altered.ckpt'), corpus.train)).rejects.toThrow(/checksum/);
    await expect(Trainer.resume(join(dir, 'missing.ckpt'), corpus.train)).rejects.toThrow(CorruptCheckpointError);
  });

  it('fine-tunes saved weights on new data with the lower layers frozen', async () => {
    const base = await Trainer.create(config, options, corpus.train, initParams(config, 6));
    await runSteps(base, 20);
    const weightsPath = join(dir, 'model.safetensors');
    saveWeights(weightsPath, config, base.currentParams());
    await base.release();

    const { config: loadedConfig, params } = loadWeights(weightsPath);
    const newData = corpus.vocabulary.encode('that government of the people, by the people, for the people, shall not perish. '.repeat(6));
    const tuner = await Trainer.create(loadedConfig, { ...options, frozen: ['wpe.', 'h.0.'] }, newData, params);
    const before = await tuner.evaluate(newData);
    await runSteps(tuner, 60);
    const after = await tuner.evaluate(newData);
    const tuned = tuner.currentParams();
    await tuner.release();
    expect(after.loss).toBeLessThan(before.loss - 0.5);
    expect(tuned.get('h.0.attn.c_attn.weight')).toEqual(params.get('h.0.attn.c_attn.weight'));
    expect(tuned.get('wpe.weight')).toEqual(params.get('wpe.weight'));
    expect(tuned.get('wte.weight')).not.toEqual(params.get('wte.weight'));
    expect(tuned.get('h.1.attn.c_attn.weight')).not.toEqual(params.get('h.1.attn.c_attn.weight'));
  });

  it('rejects bad input with typed errors naming the problem', async () => {
    const init = initParams(config, 1);
    await expect(Trainer.create(config, options, Int32Array.of(1, 2, 999, 3), init)).rejects.toThrow(TokenIdOutOfRangeError);
    await expect(Trainer.create(config, { ...options, seqLen: 17 }, corpus.train, init)).rejects.toThrow(TrainingConfigError);
    await expect(Trainer.create(config, { ...options, microBatches: 3 }, corpus.train, init)).rejects.toThrow(/divisible by microBatches/);
    await expect(Trainer.create(config, { ...options, frozen: ['nope.'] }, corpus.train, init)).rejects.toThrow(/matches no parameter/);
    await expect(Trainer.create(config, options, corpus.train, new Map())).rejects.toThrow(/initial parameter wte.weight/);
    await expect(Trainer.create({ ...config, nEmbd: 15 }, options, corpus.train, init)).rejects.toThrow(ModelConfigError);
    await expect(Trainer.create({ ...config, nLayer: 0 }, options, corpus.train, init)).rejects.toThrow(/nLayer/);
  });
});
