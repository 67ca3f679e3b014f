import * as ort from 'onnxruntime-node';
import { resolveExecutionProvider } from '../inference/execution-providers';

/**
 * Training and reference graphs run on the CPU execution provider (resolved through the library's one provider
 * table) with every graph optimization on.
 */
export function createCpuSession(modelBytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(modelBytes, {
    executionProviders: [resolveExecutionProvider('cpu')],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
}
