import { AutodiffGraph } from './autodiff-graph';
import { gradientRule } from './gradient-rules';
import { Tensor } from './tensor';

/**
 * Reverse-mode differentiation of scalar `loss` with respect to `wrt`: walks the tape recorded so far from the end,
 * emitting gradient nodes into the same graph. Only ops on a path from some `wrt` tensor to the loss are visited.
 * Returns one gradient per `wrt` tensor (zeros when the loss does not depend on it).
 */
export function gradients(g: AutodiffGraph, loss: Tensor, wrt: Tensor[]): Tensor[] {
  if (loss.shape.length !== 0) throw new Error(`loss must be a scalar, got shape [${loss.shape}]`);
  const forwardTape = g.tape.slice();
  const dependsOnWrt = new Set(wrt.map((t) => t.name));
  for (const record of forwardTape) {
    if (record.inputs.some((t) => dependsOnWrt.has(t.name))) {
      for (const out of record.outputs) dependsOnWrt.add(out.name);
    }
  }

  const grads = new Map<string, Tensor>([[loss.name, g.scalar(1)]]);
  const accumulate = (tensor: Tensor, grad: Tensor) => {
    const existing = grads.get(tensor.name);
    grads.set(tensor.name, existing ? g.add(existing, grad) : grad);
  };

  for (let i = forwardTape.length - 1; i >= 0; i--) {
    const record = forwardTape[i];
    const outputGrads = record.outputs.map((t) => grads.get(t.name));
    if (outputGrads.every((d) => d === undefined)) continue;
    const needs = record.inputs.map((t) => t.dtype === 'float32' && dependsOnWrt.has(t.name));
    if (!needs.some(Boolean)) continue;
    const inputGrads = gradientRule(record.kind)(g, record, outputGrads, needs);
    record.inputs.forEach((input, k) => {
      const grad = inputGrads[k];
      if (needs[k] && grad) accumulate(input, grad);
    });
  }

  return wrt.map((t) => grads.get(t.name) ?? g.expand(g.scalar(0), [...t.shape]));
}
