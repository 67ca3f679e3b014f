import { onnx } from 'onnx-proto';

/**
 * A small ONNX graph builder: collects inputs, initializers, nodes and outputs and serializes a ModelProto.
 *
 * Attribute typing: a JS number that is an integer becomes an INT attribute, any other number a FLOAT; an array of
 * integers becomes INTS, a Float32Array (or an array holding a non-integer) FLOATS, a string STRING. When a float
 * attribute happens to hold an integral value (epsilon = 1, alpha = 2) pass `{ f: 1 }`; `{ i: 3 }` forces INT.
 */
export type ElementType = 'float32' | 'int64' | 'int32' | 'bool' | 'uint8';
export type AttributeValue = number | number[] | string | Float32Array | { f: number } | { i: number };

const DATA_TYPE: Record<ElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  uint8: onnx.TensorProto.DataType.UINT8,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

const IR_VERSION = 8;
const MICROSOFT_DOMAIN = 'com.microsoft';
/** Initializers past this total go to an external data file: one protobuf message cannot exceed 2 GiB. */
export const MAX_INLINE_INITIALIZER_BYTES = 1.5 * 2 ** 30;
/** External data offsets are aligned so onnxruntime can map them (its allocation granularity is at most 64 KiB). */
const EXTERNAL_DATA_ALIGNMENT = 64 * 1024;
/** Initializers smaller than this stay inline even in a model with external data (shapes, scalars). */
const MIN_EXTERNAL_BYTES = 1024;

/** A serialized model, with its initializers' bytes in `externalData` (to write as the named file beside it) when large. */
export interface SerializedModel {
  model: Uint8Array;
  externalData?: { fileName: string; chunks: Uint8Array[] };
}

function valueInfo(name: string, type: ElementType, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: DATA_TYPE[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function rawBytes(data: Float32Array | BigInt64Array | Int32Array | Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function attribute(name: string, value: AttributeValue): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: T.INT, i: value } : { name, type: T.FLOAT, f: value };
  }
  if (value instanceof Float32Array) return { name, type: T.FLOATS, floats: Array.from(value) };
  if (Array.isArray(value)) {
    return value.every(Number.isInteger) ? { name, type: T.INTS, ints: value } : { name, type: T.FLOATS, floats: value };
  }
  if ('f' in value) return { name, type: T.FLOAT, f: value.f };
  return { name, type: T.INT, i: value.i };
}

export class GraphBuilder {
  private readonly opset: number;
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly usedNames = new Set<string>();
  private usesMicrosoftDomain = false;
  private counter = 0;

  constructor(
    private readonly graphName: string,
    opts: { opset?: number } = {},
  ) {
    this.opset = opts.opset ?? 17;
  }

  /** A name not used yet in this graph, derived from `hint`, for a value the caller is about to create. */
  freshName(hint: string): string {
    let name = hint;
    while (this.usedNames.has(name)) name = `${hint}_${++this.counter}`;
    return name;
  }

  /** Reserves and returns a fresh name. */
  uniqueName(hint: string): string {
    const name = this.freshName(hint);
    this.usedNames.add(name);
    return name;
  }

  input(name: string, type: ElementType, dims: (number | string)[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  initializer(
    name: string,
    type: 'float32' | 'int64' | 'int32' | 'uint8' | 'bool',
    dims: number[],
    data: Float32Array | BigInt64Array | Int32Array | Uint8Array,
  ): string {
    this.claim(name);
    return this.addInitializer(name, type, dims, data);
  }

  constantF32(values: number[] | Float32Array, dims: number[]): string {
    return this.addInitializer(this.uniqueName('const_f32'), 'float32', dims, Float32Array.from(values));
  }

  constantI64(values: (number | bigint)[], dims: number[]): string {
    return this.addInitializer(this.uniqueName('const_i64'), 'int64', dims, BigInt64Array.from(values.map(BigInt)));
  }

  op(
    opType: string,
    inputs: string[],
    attrs: Record<string, AttributeValue> = {},
    opts: { outputs?: number; domain?: string; name?: string; outputNames?: string[] } = {},
  ): string[] {
    const nodeName = this.uniqueName(opts.name ?? opType);
    const outputCount = opts.outputNames?.length ?? opts.outputs ?? 1;
    const outputs = Array.from({ length: outputCount }, (_, i) => {
      const wanted = opts.outputNames?.[i];
      if (wanted !== undefined) {
        this.claim(wanted);
        return wanted;
      }
      return this.uniqueName(`${nodeName}_out${i}`);
    });
    if (opts.domain === MICROSOFT_DOMAIN) this.usesMicrosoftDomain = true;
    this.nodes.push({
      name: nodeName,
      opType,
      domain: opts.domain ?? '',
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  output(valueName: string, type: 'float32' | 'int64' | 'bool', dims: (number | string)[], outputName?: string): void {
    let name = valueName;
    if (outputName !== undefined && outputName !== valueName) {
      [name] = this.op('Identity', [valueName], {}, { outputNames: [outputName] });
    }
    this.outputs.push(valueInfo(name, type, dims));
  }

  toBytes(): Uint8Array {
    return this.encode(this.initializers);
  }

  /**
   * Serializes the model inline while its initializers fit one protobuf message, and otherwise with every
   * initializer of at least MIN_EXTERNAL_BYTES moved to `dataFileName` (ONNX external data, resolved beside the
   * model file, as onnxruntime and transformers.js read it).
   */
  serialize(dataFileName: string, maxInlineBytes = MAX_INLINE_INITIALIZER_BYTES): SerializedModel {
    const total = this.initializers.reduce((sum, t) => sum + (t.rawData?.byteLength ?? 0), 0);
    if (total <= maxInlineBytes) return { model: this.toBytes() };
    const chunks: Uint8Array[] = [];
    let offset = 0;
    const initializers = this.initializers.map((tensor) => {
      const bytes = tensor.rawData as Uint8Array;
      if (bytes.byteLength < MIN_EXTERNAL_BYTES) return tensor;
      const padding = (EXTERNAL_DATA_ALIGNMENT - (offset % EXTERNAL_DATA_ALIGNMENT)) % EXTERNAL_DATA_ALIGNMENT;
      if (padding > 0) chunks.push(new Uint8Array(padding));
      offset += padding;
      chunks.push(bytes);
      const entry = (key: string, value: string | number) => ({ key, value: String(value) });
      const external: onnx.ITensorProto = {
        name: tensor.name,
        dataType: tensor.dataType,
        dims: tensor.dims,
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [entry('location', dataFileName), entry('offset', offset), entry('length', bytes.byteLength)],
      };
      offset += bytes.byteLength;
      return external;
    });
    return { model: this.encode(initializers), externalData: { fileName: dataFileName, chunks } };
  }

  private encode(initializers: onnx.ITensorProto[]): Uint8Array {
    const opsetImport: onnx.IOperatorSetIdProto[] = [{ domain: '', version: this.opset }];
    if (this.usesMicrosoftDomain) opsetImport.push({ domain: MICROSOFT_DOMAIN, version: 1 });
    return onnx.ModelProto.encode({
      irVersion: IR_VERSION,
      producerName: 'llmchain-model-runtime',
      opsetImport,
      graph: {
        name: this.graphName,
        input: this.inputs,
        output: this.outputs,
        initializer: initializers,
        node: this.nodes,
      },
    }).finish();
  }

  private addInitializer(
    name: string,
    type: 'float32' | 'int64' | 'int32' | 'uint8' | 'bool',
    dims: number[],
    data: Float32Array | BigInt64Array | Int32Array | Uint8Array,
  ): string {
    this.initializers.push({ name, dataType: DATA_TYPE[type], dims, rawData: rawBytes(data) });
    return name;
  }

  private claim(name: string): void {
    if (this.usedNames.has(name)) throw new Error(`GraphBuilder: value name "${name}" is already used`);
    this.usedNames.add(name);
  }
}
