import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptModelError } from '../errors';
import { GptConfig } from './config';
import { initParams } from './params';
import { loadWeights, saveWeights } from './weights-file';

const config: GptConfig = {
  vocabSize: 12, contextLength: 5, nLayer: 1, nHead: 2, nEmbd: 4,
  positional: 'sinusoidal', dropout: 0.1, layerNormEps: 1e-5, tieEmbeddings: true,
};

describe('weights file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weights-'));

  it('round-trips config and parameters and leaves no temporary file behind', () => {
    const path = join(dir, 'model.safetensors');
    const params = initParams(config, 3);
    saveWeights(path, config, params);
    const loaded = loadWeights(path);
    expect(loaded.config).toEqual(config);
    for (const [name, data] of params) expect(loaded.params.get(name)).toEqual(data);
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
  });

  it('is a safetensors file: little-endian header length, then a JSON header with F32 entries', () => {
    const path = join(dir, 'model.safetensors');
    const bytes = readFileSync(path);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString());
    expect(header['wte.weight']).toEqual({ dtype: 'F32', shape: [12, 4], data_offsets: [0, 192] });
  });

  it.each([
    ['truncated', (b: Buffer) => b.subarray(0, b.length - 10)],
    ['with a flipped data byte', (b: Buffer) => { const c = Buffer.from(b); c[c.length - 3] ^= 0xff; return c; }],
    ['with a garbage header', (b: Buffer) => { const c = Buffer.from(b); c.fill(0x7b, 8, 20); return c; }],
    ['empty', () => Buffer.alloc(0)],
  ])('raises CorruptModelError for a file %s', (_label, corrupt) => {
    const good = join(dir, 'model.safetensors');
    const bad = join(dir, `bad-${_label.replace(/\W/g, '')}.safetensors`);
    writeFileSync(bad, corrupt(readFileSync(good)));
    expect(() => loadWeights(bad)).toThrow(CorruptModelError);
  });
});
