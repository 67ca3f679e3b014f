import * as ort from 'onnxruntime-node';

/**
 * Training and reference graphs run on the CPU execution provider with every graph optimization on; the inference
 * half chooses its provider from its own table.
 */
export function createCpuSession(modelBytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(modelBytes, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 0,
    logSeverityLevel: 3,
  });
}
