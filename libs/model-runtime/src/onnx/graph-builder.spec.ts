import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { GraphBuilder } from './graph-builder';
import { createCpuSession } from './cpu-session';

describe('GraphBuilder', () => {
  it('builds a graph that onnxruntime runs: y = softmax(x @ W + b) with an integer-valued float attribute', async () => {
    const g = new GraphBuilder('tiny');
    const x = g.input('x', 'float32', ['batch', 2]);
    const w = g.initializer('w', 'float32', [2, 3], Float32Array.from([1, 0, 2, 0, 1, -1]));
    const b = g.constantF32([0.5, -0.5, 0], [3]);
    const [xw] = g.op('MatMul', [x, w]);
    const [z] = g.op('Add', [xw, b]);
    const [scaled] = g.op('Mul', [z, g.constantF32([2], [])]);
    const [y] = g.op('Softmax', [scaled], { axis: -1 });
    const [normalized] = g.op('LayerNormalization', [z, g.constantF32([1, 1, 1], [3])], { axis: -1, epsilon: { f: 1 } });
    g.output(y, 'float32', ['batch', 3], 'probs');
    g.output(normalized, 'float32', ['batch', 3], 'normalized');

    const session = await createCpuSession(g.toBytes());
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2]), [1, 2]) });
    const logits = [1 + 0.5, 2 - 0.5, 2 - 2].map((v) => 2 * v);
    const max = Math.max(...logits);
    const exps = logits.map((v) => Math.exp(v - max));
    const sum = exps.reduce((a, c) => a + c, 0);
    const probs = out.probs.data as Float32Array;
    exps.forEach((e, i) => expect(probs[i]).toBeCloseTo(e / sum, 6));

    const zs = [1.5, 1.5, 0];
    const mean = 1;
    const variance = zs.reduce((a, v) => a + (v - mean) ** 2, 0) / 3;
    const normalizedOut = out.normalized.data as Float32Array;
    zs.forEach((v, i) => expect(normalizedOut[i]).toBeCloseTo((v - mean) / Math.sqrt(variance + 1), 5));
  });

  it('writes integer attributes as INT, others as FLOAT, and imports com.microsoft only when used', () => {
    const g = new GraphBuilder('attrs');
    const x = g.input('x', 'float32', [2]);
    const [y] = g.op('LeakyRelu', [x], { alpha: 0.1, count: 3, f: { f: 2 }, list: [1, 2], floats: Float32Array.from([0.5]) });
    g.output(y, 'float32', [2]);
    const model = onnx.ModelProto.decode(g.toBytes());
    const attrs = model.graph!.node![0].attribute!;
    const T = onnx.AttributeProto.AttributeType;
    expect(attrs.map((a) => a.type)).toEqual([T.FLOAT, T.INT, T.FLOAT, T.INTS, T.FLOATS]);
    expect(model.opsetImport!.map((o) => o.domain)).toEqual(['']);
    expect(Number(model.irVersion)).toBe(8);
  });

  it('rejects a value name used twice', () => {
    const g = new GraphBuilder('dup');
    g.input('x', 'float32', [1]);
    expect(() => g.input('x', 'float32', [1])).toThrow(/already used/);
  });

  it('builds If branches that read the model\'s initializers and may ask for the same output names', async () => {
    const g = new GraphBuilder('branches');
    const x = g.input('x', 'float32', [2]);
    const flag = g.input('flag', 'bool', []);
    const emit = (branch: GraphBuilder, scale: number) => {
      const w = branch.initializer('w', 'float32', [2], Float32Array.from([3, 4]));
      const [product] = branch.op('Mul', [x, w], {}, { outputNames: ['product'] });
      const [scaled] = branch.op('Mul', ['product', branch.constantF32([scale], [])]);
      branch.output(scaled, 'float32', [2], 'y');
      return product;
    };
    const [thenBranch, elseBranch] = [g.branch('then'), g.branch('else')];
    expect([emit(thenBranch, 1), emit(elseBranch, -1)]).toEqual(['then/product', 'else/product']);
    g.op('If', [flag], { then_branch: thenBranch, else_branch: elseBranch }, { outputNames: ['y'] });
    g.output('y', 'float32', [2]);
    expect(() => g.branch('b').initializer('w', 'float32', [3], new Float32Array(3))).toThrow(/another type or shape/);
    expect(() => g.branch('b').input('z', 'float32', [1])).toThrow(/cannot declare input/);

    const model = onnx.ModelProto.decode(g.toBytes());
    expect(model.graph!.initializer!.filter((t) => t.name === 'w')).toHaveLength(1);
    const session = await createCpuSession(g.toBytes());
    const run = async (value: boolean) =>
      Array.from((await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2]), [2]), flag: new ort.Tensor('bool', [value], []) })).y.data as Float32Array);
    expect(await run(true)).toEqual([3, 8]);
    expect(await run(false)).toEqual([-3, -8]);
  });
});
