import { onnx } from 'onnx-proto';

/**
 * A small ONNX graph builder: collects inputs, initializers, nodes and outputs and serializes a ModelProto.
 *
 * Attribute typing: a JS number that is an integer becomes an INT attribute, any other number a FLOAT; an array of
 * integers becomes INTS, a Float32Array (or an array holding a non-integer) FLOATS, a string STRING. When a float
 * attribute happens to hold an integral value (epsilon = 1, alpha = 2) pass `{ f: 1 }`; `{ i: 3 }` forces INT.
 */
export type ElementType = 'float32' | 'int64' | 'int32' | 'bool' | 'uint8';
export type AttributeValue = number | number[] | string | Float32Array | { f: number } | { i: number } | GraphBuilder;

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
  if (value instanceof GraphBuilder) return { name, type: T.GRAPH, g: value.subgraphProto() };
  if ('f' in value) return { name, type: T.FLOAT, f: value.f };
  return { name, type: T.INT, i: value.i };
}

/** What a model's graph and its branches share: one value namespace and one set of initializers. */
export interface GraphScope {
  readonly usedNames: Set<string>;
  readonly initializers: onnx.ITensorProto[];
  /** Initializer name -> its index in `initializers`, so a branch can find a weight another branch declared. */
  readonly initializerIndex: Map<string, number>;
  usesMicrosoftDomain: boolean;
  counter: number;
}

export class GraphBuilder {
  private readonly opset: number;
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly scope: GraphScope;
  /** In a branch, the names its nodes asked for (outputNames) -> the names they got, unique across the whole model. */
  private readonly renamed?: Map<string, string>;

  constructor(
    private readonly graphName: string,
    opts: { opset?: number } = {},
    parentScope?: GraphScope,
  ) {
    this.opset = opts.opset ?? 17;
    this.scope = parentScope ?? { usedNames: new Set(), initializers: [], initializerIndex: new Map(), usesMicrosoftDomain: false, counter: 0 };
    if (parentScope) this.renamed = new Map();
  }

  /**
   * A subgraph of this model, for an If node's then_branch / else_branch. Its nodes and outputs are its own; its
   * initializers are the model's, so two branches that emit the same layer read one weight (onnxruntime then holds
   * one copy), and the values they read from the outer graph are referenced by name. Names its nodes ask for
   * (outputNames) are made unique across the model, so sibling branches may ask for the same ones.
   */
  branch(name: string): GraphBuilder {
    return new GraphBuilder(name, { opset: this.opset }, this.scope);
  }

  /** A name not used yet in this graph, derived from `hint`, for a value the caller is about to create. */
  freshName(hint: string): string {
    let name = hint;
    while (this.scope.usedNames.has(name)) name = `${hint}_${++this.scope.counter}`;
    return name;
  }

  /** Reserves and returns a fresh name. */
  uniqueName(hint: string): string {
    const name = this.freshName(hint);
    this.scope.usedNames.add(name);
    return name;
  }

  input(name: string, type: ElementType, dims: (number | string)[]): string {
    if (this.renamed) throw new Error(`GraphBuilder: branch ${this.graphName} cannot declare input "${name}"; declare it on the model`);
    this.claimModelName(name);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  initializer(
    name: string,
    type: 'float32' | 'int64' | 'int32' | 'uint8' | 'bool',
    dims: number[],
    data: Float32Array | BigInt64Array | Int32Array | Uint8Array,
  ): string {
    const existing = this.renamed ? this.scope.initializerIndex.get(name) : undefined;
    if (existing !== undefined) return this.reuseInitializer(existing, type, dims);
    this.claimModelName(name);
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
      if (wanted !== undefined) return this.claim(wanted);
      return this.uniqueName(`${nodeName}_out${i}`);
    });
    if (opts.domain === MICROSOFT_DOMAIN) this.scope.usesMicrosoftDomain = true;
    this.nodes.push({
      name: nodeName,
      opType,
      domain: opts.domain ?? '',
      input: inputs.map((input) => this.renamed?.get(input) ?? input),
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  output(valueName: string, type: 'float32' | 'int64' | 'bool', dims: (number | string)[], outputName?: string): void {
    let name = this.renamed?.get(valueName) ?? valueName;
    if (outputName !== undefined && outputName !== valueName) {
      [name] = this.op('Identity', [valueName], {}, { outputNames: [outputName] });
    }
    this.outputs.push(valueInfo(name, type, dims));
  }

  toBytes(): Uint8Array {
    return this.encode(this.scope.initializers);
  }

  /** A branch as the GraphProto an If attribute holds: nodes and outputs only (inputs and weights are the model's). */
  subgraphProto(): onnx.IGraphProto {
    if (!this.renamed) throw new Error(`GraphBuilder: ${this.graphName} is a model, not a branch`);
    return { name: this.graphName, node: this.nodes, output: this.outputs };
  }

  /**
   * Serializes the model inline while its initializers fit one protobuf message, and otherwise with every
   * initializer of at least MIN_EXTERNAL_BYTES moved to `dataFileName` (ONNX external data, resolved beside the
   * model file, as onnxruntime and transformers.js read it).
   */
  serialize(dataFileName: string, maxInlineBytes = MAX_INLINE_INITIALIZER_BYTES): SerializedModel {
    const total = this.scope.initializers.reduce((sum, t) => sum + (t.rawData?.byteLength ?? 0), 0);
    if (total <= maxInlineBytes) return { model: this.toBytes() };
    const chunks: Uint8Array[] = [];
    let offset = 0;
    const initializers = this.scope.initializers.map((tensor) => {
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
    if (this.scope.usesMicrosoftDomain) opsetImport.push({ domain: MICROSOFT_DOMAIN, version: 1 });
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
    this.scope.initializerIndex.set(name, this.scope.initializers.length);
    this.scope.initializers.push({ name, dataType: DATA_TYPE[type], dims, rawData: rawBytes(data) });
    return name;
  }

  /** A branch's second declaration of a weight: the one already in the model, which must agree in type and shape. */
  private reuseInitializer(index: number, type: keyof typeof DATA_TYPE, dims: number[]): string {
    const tensor = this.scope.initializers[index];
    if (tensor.dataType !== DATA_TYPE[type] || tensor.dims?.join() !== dims.join()) {
      throw new Error(`GraphBuilder: initializer "${tensor.name}" is declared again with another type or shape`);
    }
    return tensor.name as string;
  }

  /** Takes a node output's name: in a model the name itself, in a branch a unique one derived from it (see branch). */
  private claim(name: string): string {
    if (!this.renamed) return this.claimModelName(name);
    const local = this.uniqueName(`${this.graphName}/${name}`);
    this.renamed.set(name, local);
    return local;
  }

  /** Takes a name in the model's namespace (an input, an initializer, a model's node output); used twice throws. */
  private claimModelName(name: string): string {
    if (this.scope.usedNames.has(name)) throw new Error(`GraphBuilder: value name "${name}" is already used`);
    this.scope.usedNames.add(name);
    return name;
  }
}
