import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelImportError } from '../errors';
import { temporaryDirectory } from '../inference/testing/model-directory-fixture';
import { openFileReader, SafetensorsFile, toFloat32 } from './safetensors-reader';
import { float32Bytes, uint16Bytes, writeRawSafetensors } from './testing/raw-safetensors';

describe('toFloat32', () => {
  it('widens IEEE half precision exactly, subnormals, zeros and infinities included', () => {
    // bit patterns from the IEEE 754 binary16 tables
    const halves = [0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x0400, 0x8000, 0x7c00, 0xfc00, 0x3555];
    const expected = [1, -2, 0.5, 65504, 2 ** -24, 2 ** -14, -0, Infinity, -Infinity, 0.333251953125];
    expect(Array.from(toFloat32(uint16Bytes(halves), 'F16'))).toEqual(expected);
    expect(Number.isNaN(toFloat32(uint16Bytes([0x7e00]), 'F16')[0])).toBe(true);
  });

  it('widens bfloat16 as the top half of a float32', () => {
    const bf16 = [0x3f80, 0xc040, 0x3eaa, 0x0001, 0x7f80];
    const expected = [1, -3, 0.33203125, 2 ** -133, Infinity];
    expect(Array.from(toFloat32(uint16Bytes(bf16), 'BF16'))).toEqual(expected);
  });
});

describe('SafetensorsFile', () => {
  let dir: string;
  let remove: () => void;
  beforeEach(() => ({ dir, remove } = temporaryDirectory('llmchain-safetensors-')));
  afterEach(() => remove());

  it('reads one tensor at a time with positional reads, never more than the tensor it returns', () => {
    const file = path.join(dir, 'model.safetensors');
    const tensorCount = 16;
    const elements = 256 * 1024; // 1 MiB of float32 per tensor, 16 MiB in the file
    const tensors = Object.fromEntries(
      Array.from({ length: tensorCount }, (_, t) => [
        `t${t}`,
        { dtype: 'F32', shape: [elements], bytes: float32Bytes(Float32Array.from({ length: elements }, (_, i) => t + i / elements)) },
      ]),
    );
    writeRawSafetensors(file, tensors);
    // Every allocation the reader makes for file data is one of these reads.
    const reads: number[] = [];
    const reader = openFileReader(file, 'model.safetensors');
    const counting = { ...reader, read: (position: number, length: number) => (reads.push(length), reader.read(position, length)) };

    const safetensors = SafetensorsFile.open(file, 'model.safetensors', counting);
    const headerReads = reads.length;
    expect(headerReads).toBe(2);
    expect(Math.max(...reads)).toBeLessThan(4096);
    try {
      for (let t = 0; t < tensorCount; t++) {
        const values = safetensors.read(`t${t}`);
        expect(values[0]).toBe(t);
        expect(values[elements - 1]).toBeCloseTo(t + 1, 5);
      }
    } finally {
      safetensors.close();
    }
    const tensorReads = reads.slice(headerReads);
    expect(tensorReads).toHaveLength(tensorCount);
    expect(Math.max(...tensorReads)).toBe(elements * 4);
    expect(reads.reduce((a, b) => a + b, 0)).toBe(fs.statSync(file).size);
  });

  it('names the file, or the tensor, that is not a valid checkpoint', () => {
    const file = path.join(dir, 'w.safetensors');
    writeRawSafetensors(file, { x: { dtype: 'F32', shape: [4], bytes: float32Bytes([1, 2, 3, 4]) } });
    fs.truncateSync(file, fs.statSync(file).size - 4);
    expect(() => SafetensorsFile.open(file, 'w.safetensors')).toThrow(/w\.safetensors is not a valid safetensors file: tensor x has offsets/);
    writeRawSafetensors(file, { 'model.norm.weight': { dtype: 'I8', shape: [4], bytes: new Uint8Array(4) } });
    expect(() => SafetensorsFile.open(file, 'w.safetensors')).toThrow(expect.objectContaining({ field: 'model.norm.weight' }));
    fs.writeFileSync(file, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 1]));
    expect(() => SafetensorsFile.open(file, 'w.safetensors')).toThrow(ModelImportError);
    expect(() => SafetensorsFile.open(file, 'w.safetensors')).toThrow(/header/);
  });
});
