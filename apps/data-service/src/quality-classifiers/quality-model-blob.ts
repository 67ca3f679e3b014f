import { QualityModel } from '@llmchain/data-cleaning';

/**
 * A model as stored in the blob store: one JSON header line ({"dimensions", "bias"}) and the weights as little-endian
 * float32, so a cleaning run reads it back without parsing a megabyte of JSON.
 */
export function serializeQualityModel(model: QualityModel): Buffer {
  const header = Buffer.from(`${JSON.stringify({ format: 'hashed-ngram-logreg/1', dimensions: model.dimensions, bias: model.bias })}\n`);
  const weights = Buffer.alloc(model.weights.length * 4);
  model.weights.forEach((weight, i) => weights.writeFloatLE(weight, i * 4));
  return Buffer.concat([header, weights]);
}

export function parseQualityModel(bytes: Buffer): QualityModel {
  const newline = bytes.indexOf(0x0a);
  const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as { dimensions: number; bias: number };
  const weights = new Float32Array(header.dimensions);
  for (let i = 0; i < header.dimensions; i++) weights[i] = bytes.readFloatLE(newline + 1 + i * 4);
  return { dimensions: header.dimensions, bias: header.bias, weights };
}
