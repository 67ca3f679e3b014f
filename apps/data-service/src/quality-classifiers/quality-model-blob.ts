import { QualityModel } from '@llmchain/data-cleaning';

/**
 * A model as stored in the blob store: one JSON header line ({"dimensions", "bias"}) and the weights as little-endian
 * float32, so a cleaning run can read it back without parsing a megabyte of JSON.
 */
export function serializeQualityModel(model: QualityModel): Buffer {
  const header = Buffer.from(`${JSON.stringify({ format: 'hashed-ngram-logreg/1', dimensions: model.dimensions, bias: model.bias })}\n`);
  const weights = Buffer.alloc(model.weights.length * 4);
  model.weights.forEach((weight, i) => weights.writeFloatLE(weight, i * 4));
  return Buffer.concat([header, weights]);
}
