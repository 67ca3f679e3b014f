import { createHash } from 'node:crypto';

/**
 * The safetensors container (8-byte little-endian header length, JSON header, raw little-endian data), restricted to
 * float32 tensors. A SHA-256 of the data section is kept in `__metadata__` so that altered bytes are detected, not
 * only truncation.
 */
export interface SafetensorsContent {
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
  metadata: Record<string, string>;
}

const CHECKSUM_KEY = 'llmchain.sha256';

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export function encodeSafetensors(content: SafetensorsContent): Uint8Array[] {
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  const dataChunks: Uint8Array[] = [];
  const hash = createHash('sha256');
  let offset = 0;
  for (const [name, { shape, data }] of content.tensors) {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + bytes.byteLength] };
    offset += bytes.byteLength;
    dataChunks.push(bytes);
    hash.update(bytes);
  }
  header.__metadata__ = { ...content.metadata, [CHECKSUM_KEY]: hash.digest('hex') };
  let headerText = JSON.stringify(header);
  // The data section starts 8-byte aligned, as the format recommends.
  headerText += ' '.repeat((8 - ((8 + Buffer.byteLength(headerText)) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(headerText);
  const lengthPrefix = new Uint8Array(8);
  new DataView(lengthPrefix.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  return [lengthPrefix, headerBytes, ...dataChunks];
}

/** Parses a safetensors file; throws an Error whose message says what is wrong when the bytes are not a valid one. */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContent {
  if (bytes.byteLength < 8) throw new Error(`file is ${bytes.byteLength} bytes, shorter than the header length`);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (8 + headerLength > bytes.byteLength) throw new Error(`header length ${headerLength} runs past the end of the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw new Error('header is not valid JSON');
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.byteLength - dataStart;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  const entries = Object.entries(header).filter(([name]) => name !== '__metadata__') as [string, HeaderEntry][];
  let covered = 0;
  for (const [name, entry] of entries) {
    if (entry?.dtype !== 'F32') throw new Error(`tensor ${name} has dtype ${entry?.dtype}, expected F32`);
    const [begin, end] = entry.data_offsets ?? [];
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (!(begin >= 0 && end <= dataLength && end - begin === count * 4)) {
      throw new Error(`tensor ${name} has offsets [${begin}, ${end}] that do not fit shape [${entry.shape}] in the data`);
    }
    covered += end - begin;
    const data = new Float32Array(count);
    new Uint8Array(data.buffer).set(bytes.subarray(dataStart + begin, dataStart + end));
    tensors.set(name, { shape: entry.shape, data });
  }
  if (covered !== dataLength) throw new Error(`data section is ${dataLength} bytes but tensors cover ${covered}`);
  const expectedChecksum = metadata[CHECKSUM_KEY];
  if (expectedChecksum !== undefined) {
    const ordered = [...entries].sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
    const hash = createHash('sha256');
    for (const [, entry] of ordered) hash.update(bytes.subarray(dataStart + entry.data_offsets[0], dataStart + entry.data_offsets[1]));
    if (hash.digest('hex') !== expectedChecksum) throw new Error('data checksum does not match');
  }
  const { [CHECKSUM_KEY]: _checksum, ...userMetadata } = metadata;
  return { tensors, metadata: userMetadata };
}
