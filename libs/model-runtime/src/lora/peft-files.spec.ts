import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../model/rng';
import { AdapterFormatError, LoraAdapter, peftTensorName } from './lora-adapter';
import { mergeLoraAdapter } from './merge-adapter';
import { ADAPTER_CONFIG_FILE, ADAPTER_WEIGHTS_FILE, readPeftAdapter, writePeftAdapter } from './peft-files';

const randomMatrix = (rng: Rng, rows: number, cols: number) => ({
  shape: [rows, cols],
  data: Float32Array.from({ length: rows * cols }, () => rng.normal()),
});

/** An adapter on one Llama q_proj ([out 6, in 4]) and one GPT-2 c_attn (Conv1D, in 4, out 12), rank 2. */
function sampleAdapter(modules: [path: string, inDim: number, outDim: number][]): LoraAdapter {
  const rng = new Rng(7);
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [path, inDim, outDim] of modules) {
    weights.set(peftTensorName(path, 'A'), randomMatrix(rng, 2, inDim));
    weights.set(peftTensorName(path, 'B'), randomMatrix(rng, outDim, 2));
  }
  const targetModules = [...new Set(modules.map(([path]) => path.split('.').pop()!))];
  return { config: { r: 2, loraAlpha: 6, loraDropout: 0.05, targetModules, baseModelNameOrPath: 'tiny-base' }, weights };
}

const LLAMA_MODULES: [string, number, number][] = [
  ['model.layers.0.self_attn.q_proj', 4, 6],
  ['model.layers.1.mlp.down_proj', 5, 4],
];

describe('PEFT adapter files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'peft-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the config with PEFT field names and reads back the same adapter', () => {
    const adapter = sampleAdapter(LLAMA_MODULES);
    writePeftAdapter(dir, adapter);
    const config = JSON.parse(readFileSync(join(dir, ADAPTER_CONFIG_FILE), 'utf8'));
    expect(config).toMatchObject({
      peft_type: 'LORA', task_type: 'CAUSAL_LM', r: 2, lora_alpha: 6, lora_dropout: 0.05, bias: 'none',
      target_modules: ['q_proj', 'down_proj'], base_model_name_or_path: 'tiny-base', fan_in_fan_out: false,
    });
    const read = readPeftAdapter(dir);
    expect(read.config).toEqual(adapter.config);
    expect([...read.weights.keys()]).toEqual([...adapter.weights.keys()]);
    for (const [name, tensor] of adapter.weights) {
      expect(read.weights.get(name)!.shape).toEqual(tensor.shape);
      expect(read.weights.get(name)!.data).toEqual(tensor.data);
    }
  });

  it('marks GPT-2 adapters fan_in_fan_out, as PEFT does for Conv1D', () => {
    writePeftAdapter(dir, sampleAdapter([['transformer.h.0.attn.c_attn', 4, 12]]));
    expect(JSON.parse(readFileSync(join(dir, ADAPTER_CONFIG_FILE), 'utf8')).fan_in_fan_out).toBe(true);
    expect(readPeftAdapter(dir).config.targetModules).toEqual(['c_attn']);
  });

  const rewriteConfig = (change: Record<string, unknown>) => {
    const path = join(dir, ADAPTER_CONFIG_FILE);
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), ...change }));
  };

  it.each<[string, Record<string, unknown>, string]>([
    ['another PEFT method', { peft_type: 'IA3' }, 'peft_type'],
    ['a bias mode', { bias: 'all' }, 'bias'],
    ['rsLoRA scaling', { use_rslora: true }, 'use_rslora'],
    ['DoRA', { use_dora: true }, 'use_dora'],
    ['a target regex', { target_modules: '.*proj' }, 'target_modules'],
    ['a rank that disagrees with the weights', { r: 3 }, 'lora_A'],
    ['a zero alpha', { lora_alpha: 0 }, 'lora_alpha'],
    ['modules outside target_modules', { target_modules: ['k_proj'] }, 'q_proj'],
  ])('rejects %s naming the field', (_label, change, field) => {
    writePeftAdapter(dir, sampleAdapter(LLAMA_MODULES));
    rewriteConfig(change);
    expect(() => readPeftAdapter(dir)).toThrow(AdapterFormatError);
    expect(() => readPeftAdapter(dir)).toThrow(field);
  });

  it('rejects missing, truncated and oversized weight files', () => {
    writePeftAdapter(dir, sampleAdapter(LLAMA_MODULES));
    const path = join(dir, ADAPTER_WEIGHTS_FILE);
    const bytes = readFileSync(path);
    expect(() => readPeftAdapter(dir, { maxBytes: bytes.length - 1 })).toThrow(/adapter_model.safetensors: is \d+ bytes/);
    writeFileSync(path, bytes.subarray(0, bytes.length - 4));
    expect(() => readPeftAdapter(dir)).toThrow(AdapterFormatError);
    rmSync(path);
    expect(() => readPeftAdapter(dir)).toThrow(/adapter_model.safetensors: file is missing/);
  });

  it('rejects an A without its B', () => {
    const adapter = sampleAdapter(LLAMA_MODULES);
    adapter.weights.delete(peftTensorName(LLAMA_MODULES[0][0], 'B'));
    expect(() => writePeftAdapter(dir, adapter)).toThrow(/q_proj: has only one of lora_A and lora_B/);
  });
});

describe('mergeLoraAdapter', () => {
  /** y = x·W (+ the adapter's path alpha/r · B·A·x) computed in float64 from the unmerged pieces, per layout. */
  function unmergedOutput(x: number[], base: Float32Array, a: Float32Array, b: Float32Array, inDim: number, outDim: number, conv1d: boolean, scale: number) {
    const ax = [0, 1].map((k) => x.reduce((sum, xi, i) => sum + a[k * inDim + i] * xi, 0));
    return Array.from({ length: outDim }, (_, o) => {
      const baseOut = x.reduce((sum, xi, i) => sum + base[conv1d ? i * outDim + o : o * inDim + i] * xi, 0);
      return baseOut + scale * (b[o * 2] * ax[0] + b[o * 2 + 1] * ax[1]);
    });
  }

  it.each<[string, string, string, number, number, boolean]>([
    ['a Llama nn.Linear [out, in]', 'model.layers.0.self_attn.q_proj', 'model.layers.0.self_attn.q_proj.weight', 4, 6, false],
    ['a GPT-2 Conv1D [in, out] under its runtime name', 'transformer.h.0.attn.c_attn', 'h.0.attn.c_attn.weight', 4, 12, true],
    ['a square GPT-2 Conv1D, where a transposition would go unnoticed by shapes', 'transformer.h.0.attn.c_proj', 'h.0.attn.c_proj.weight', 5, 5, true],
  ])('folds the update into %s so that the merged layer computes the adapted output', (_label, path, weightName, inDim, outDim, conv1d) => {
    const adapter = sampleAdapter([[path, inDim, outDim]]);
    const rng = new Rng(3);
    const base = Float32Array.from({ length: inDim * outDim }, () => rng.normal());
    const untouched = Float32Array.of(1, 2);
    const merged = mergeLoraAdapter(new Map([[weightName, base], ['other.weight', untouched]]), adapter);
    const x = Array.from({ length: inDim }, () => rng.normal());
    const expected = unmergedOutput(x, base, adapter.weights.get(peftTensorName(path, 'A'))!.data,
      adapter.weights.get(peftTensorName(path, 'B'))!.data, inDim, outDim, conv1d, 3);
    const W = merged.get(weightName)!;
    const actual = Array.from({ length: outDim }, (_, o) =>
      x.reduce((sum, xi, i) => sum + W[conv1d ? i * outDim + o : o * inDim + i] * xi, 0));
    actual.forEach((value, o) => expect(value).toBeCloseTo(expected[o], 4));
    expect(merged.get('other.weight')).toBe(untouched);
    expect(base).not.toBe(W);
  });

  it('rejects an adapter for modules or shapes the base does not have', () => {
    const adapter = sampleAdapter(LLAMA_MODULES.slice(0, 1));
    expect(() => mergeLoraAdapter(new Map(), adapter)).toThrow(/does not have/);
    expect(() => mergeLoraAdapter(new Map([['model.layers.0.self_attn.q_proj.weight', new Float32Array(5)]]), adapter)).toThrow(/\[6, 4\] update/);
  });
});
