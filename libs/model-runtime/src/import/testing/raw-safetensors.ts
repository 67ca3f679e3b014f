import { writeFileSync } from 'node:fs';

/** A tensor as raw little-endian bytes of its dtype, for writing checkpoints the way other tools do. */
export interface RawTensor {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

/** Writes a safetensors file from raw tensors (any dtype string), in the given order. */
export function writeRawSafetensors(file: string, tensors: Record<string, RawTensor>): void {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, tensor] of Object.entries(tensors)) {
    header[name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + tensor.bytes.byteLength] };
    offset += tensor.bytes.byteLength;
  }
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(headerBytes.byteLength));
  writeFileSync(file, Buffer.concat([length, headerBytes, ...Object.values(tensors).map((t) => Buffer.from(t.bytes))]));
}

export const float32Bytes = (values: number[] | Float32Array) => new Uint8Array(Float32Array.from(values).buffer);
export const uint16Bytes = (values: number[]) => new Uint8Array(Uint16Array.from(values).buffer);
