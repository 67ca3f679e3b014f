import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ModelImportError } from '../errors';
import { elementCount } from '../model/params';

/** Element types an import reads; each converts to float32. */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';
const BYTES_PER_ELEMENT: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };

/** A JSON header larger than this is not a model's (a header lists names, shapes and offsets only). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/** Where one tensor's bytes lie in its file. */
export interface TensorLocation {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** The file's name as given to openSafetensors (for messages). */
  file: string;
  /** Absolute byte range in the file. */
  start: number;
  end: number;
}

function fail(file: string, message: string): never {
  throw new ModelImportError(file, `${file} is not a valid safetensors file: ${message}`);
}

/** Positional reads of one file: each call allocates exactly the bytes it returns. */
export interface PositionalReader {
  size: number;
  read(position: number, length: number): Uint8Array;
  close(): void;
}

export function openFileReader(path: string, file: string): PositionalReader {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new ModelImportError(file, `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return {
    size: fstatSync(fd).size,
    read(position, length) {
      const bytes = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const read = readSync(fd, bytes, done, length - done, position + done);
        if (read === 0) fail(file, `ends before byte ${position + length}`);
        done += read;
      }
      return bytes;
    },
    close: () => closeSync(fd),
  };
}

/**
 * A safetensors file opened for streaming: the header is read and checked up front, then each tensor is read
 * on request from its own byte range with positional reads, so memory holds one tensor at a time, never the file.
 */
export class SafetensorsFile {
  readonly tensors: Map<string, TensorLocation>;

  private constructor(
    private readonly reader: PositionalReader,
    readonly file: string,
    tensors: TensorLocation[],
  ) {
    this.tensors = new Map(tensors.map((t) => [t.name, t]));
  }

  /** `file` is the name messages use; `reader` defaults to positional reads of `path`. */
  static open(path: string, file: string, reader: PositionalReader = openFileReader(path, file)): SafetensorsFile {
    try {
      return new SafetensorsFile(reader, file, SafetensorsFile.readHeader(reader, file));
    } catch (error) {
      reader.close();
      throw error;
    }
  }

  private static readHeader(reader: PositionalReader, file: string): TensorLocation[] {
    const size = reader.size;
    if (size < 8) fail(file, `${size} bytes, shorter than the header length`);
    const headerLength = Number(new DataView(reader.read(0, 8).buffer).getBigUint64(0, true));
    if (headerLength > MAX_HEADER_BYTES) fail(file, `header of ${headerLength} bytes exceeds ${MAX_HEADER_BYTES}`);
    if (8 + headerLength > size) fail(file, `header length ${headerLength} runs past the end of the file`);
    let header: Record<string, unknown>;
    try {
      header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(reader.read(8, headerLength)));
    } catch {
      fail(file, 'header is not valid JSON');
    }
    const dataStart = 8 + headerLength;
    const dataLength = size - dataStart;
    const tensors: TensorLocation[] = [];
    for (const [name, entry] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
      if (dtype !== 'F32' && dtype !== 'F16' && dtype !== 'BF16') {
        throw new ModelImportError(name, `tensor ${name} in ${file} has dtype ${String(dtype)}; supported: F32, F16, BF16`);
      }
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(file, `tensor ${name} has no valid shape`);
      const [begin, end] = Array.isArray(offsets) ? offsets : [];
      const bytes = elementCount(shape) * BYTES_PER_ELEMENT[dtype];
      if (!(Number.isInteger(begin) && begin >= 0 && end <= dataLength && end - begin === bytes)) {
        fail(file, `tensor ${name} has offsets [${begin}, ${end}] that do not fit shape [${shape}] of ${dtype} in the data`);
      }
      tensors.push({ name, dtype, shape, file, start: dataStart + begin, end: dataStart + end });
    }
    return tensors;
  }

  /** One tensor's values as float32 (F16 and BF16 widened exactly). */
  read(name: string): Float32Array {
    const location = this.tensors.get(name);
    if (!location) throw new ModelImportError(name, `tensor ${name} is not in ${this.file}`);
    const raw = this.reader.read(location.start, location.end - location.start);
    return toFloat32(raw, location.dtype);
  }

  close(): void {
    this.reader.close();
  }
}

/** IEEE half precision to single: exact, subnormals and infinities included. */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Little-endian raw bytes of `dtype` as float32. F32 bytes are reinterpreted without copying. */
export function toFloat32(raw: Uint8Array, dtype: SafetensorsDtype): Float32Array {
  if (dtype === 'F32') return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const halves = new Uint16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
  const out = new Float32Array(halves.length);
  if (dtype === 'BF16') {
    // bfloat16 is the top half of a float32.
    const words = new Uint32Array(out.buffer);
    for (let i = 0; i < halves.length; i++) words[i] = halves[i] << 16;
  } else {
    for (let i = 0; i < halves.length; i++) out[i] = halfToFloat(halves[i]);
  }
  return out;
}
