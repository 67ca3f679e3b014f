import * as ort from 'onnxruntime-node';
import { createCpuSession } from '../onnx/cpu-session';
import { Array64 } from '../reference/array64';
import { evaluateTape } from '../reference/evaluate';
import { centralDifferences, relativeError } from '../reference/finite-differences';
import { AutodiffGraph } from './autodiff-graph';
import { gradients } from './backward';
import { Tensor } from './tensor';

export interface GradientCheckResult {
  /** Loss computed by onnxruntime in float32. */
  loss: number;
  /** Loss of the same tape evaluated in float64 by the reference. */
  referenceLoss: number;
  /** Per differentiated input: onnxruntime's float32 gradient at the sampled coordinates. */
  analytic: Float64Array[];
  /** Per differentiated input: float64 central differences at the same coordinates. */
  numeric: Float64Array[];
  /** ||analytic - numeric|| / ||numeric|| over all sampled coordinates together. */
  relativeError: number;
}

function toOrtTensor(tensor: Tensor, value: Array64): ort.Tensor {
  const dims = [...value.shape];
  if (tensor.dtype === 'int64') return new ort.Tensor('int64', BigInt64Array.from(value.data, (v) => BigInt(v)), dims);
  if (tensor.dtype === 'bool') return new ort.Tensor('bool', Uint8Array.from(value.data), dims);
  return new ort.Tensor('float32', Float32Array.from(value.data), dims);
}

/**
 * Builds a graph with `build`, differentiates its scalar loss with respect to `wrt` by reverse mode, runs loss and
 * gradients in onnxruntime, and compares them with float64 central differences of the same tape evaluated by the
 * plain-TypeScript reference. `sample` caps how many coordinates per input are checked (evenly spaced).
 */
export async function checkGradients(
  build: (g: AutodiffGraph) => { wrt: Tensor[]; loss: Tensor; inputs: Tensor[] },
  feeds: Map<string, Array64>,
  sample = Infinity,
): Promise<GradientCheckResult> {
  const g = new AutodiffGraph('gradient_check');
  const { wrt, loss, inputs } = build(g);
  const forwardCount = g.tape.length;
  const grads = gradients(g, loss, wrt);
  g.output(loss, 'loss');
  grads.forEach((grad, i) => g.output(grad, `grad_${i}`));

  const session = await createCpuSession(g.builder.toBytes());
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const input of inputs) ortFeeds[input.name] = toOrtTensor(input, feeds.get(input.name)!);
  const results = await session.run(ortFeeds);
  await session.release();

  const referenceLossAt = (name: string, values: Float64Array, shape: readonly number[]) => {
    const probeFeeds = new Map(feeds).set(name, { shape, data: values });
    return evaluateTape(g, probeFeeds, forwardCount).get(loss.name)!.data[0];
  };
  const analytic: Float64Array[] = [];
  const numeric: Float64Array[] = [];
  wrt.forEach((tensor, i) => {
    const value = feeds.get(tensor.name)!;
    const count = value.data.length;
    const step = Math.max(1, Math.floor(count / Math.min(count, sample)));
    const indices = [...Array(count).keys()].filter((k) => k % step === 0).slice(0, sample);
    const grad = results[`grad_${i}`].data as Float32Array;
    analytic.push(Float64Array.from(indices, (k) => grad[k]));
    numeric.push(centralDifferences((x) => referenceLossAt(tensor.name, x, value.shape), value.data, indices));
  });
  const flatten = (arrays: Float64Array[]) => arrays.flatMap((a) => Array.from(a));
  return {
    loss: (results.loss.data as Float32Array)[0],
    referenceLoss: evaluateTape(g, feeds, forwardCount).get(loss.name)!.data[0],
    analytic,
    numeric,
    relativeError: relativeError(flatten(analytic), flatten(numeric)),
  };
}
