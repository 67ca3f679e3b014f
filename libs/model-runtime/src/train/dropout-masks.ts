import * as ort from 'onnxruntime-node';
import { DropoutSite } from '../model/gpt-graph';
import { Rng } from '../model/rng';

/**
 * Inverted-dropout masks (0 with probability p, else 1 / (1 - p)) drawn from a seeded generator in JavaScript, fed to
 * the step graph as inputs: the generator's state is one number a checkpoint saves, so resumed runs draw the same.
 */
export function drawDropoutMasks(sites: DropoutSite[], rng: Rng): Record<string, ort.Tensor> {
  const masks: Record<string, ort.Tensor> = {};
  for (const { p, ...site } of sites) {
    const keep = 1 / (1 - p);
    const data = new Float32Array(site.shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = rng.next() < p ? 0 : keep;
    masks[site.name] = new ort.Tensor('float32', data, site.shape);
  }
  return masks;
}
