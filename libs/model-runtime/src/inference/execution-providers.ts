import { listSupportedBackends } from 'onnxruntime-node';
import { UnavailableExecutionProviderError, UnknownExecutionProviderError } from './errors';

/**
 * The one place that maps a requested execution provider to what onnxruntime-node is given.
 * A fixed table rather than pass-through so that a typo fails here with a clear error instead of
 * onnxruntime silently falling back to the CPU.
 */
export const EXECUTION_PROVIDERS = {
  cpu: { ortName: 'cpu' },
  webgpu: { ortName: 'webgpu' },
  cuda: { ortName: 'cuda' },
} as const;

export type ExecutionProviderName = keyof typeof EXECUTION_PROVIDERS;

export function isExecutionProviderName(name: string): name is ExecutionProviderName {
  return Object.prototype.hasOwnProperty.call(EXECUTION_PROVIDERS, name);
}

/** Providers the installed onnxruntime-node binary ships with (an unbundled one needs an extra install). */
export function availableExecutionProviders(): ExecutionProviderName[] {
  return listSupportedBackends()
    .filter((backend) => backend.bundled && isExecutionProviderName(backend.name))
    .map((backend) => backend.name as ExecutionProviderName);
}

/** Validates a provider name against the table and the installed binary; returns the onnxruntime name. */
export function resolveExecutionProvider(
  name: string,
  available: readonly ExecutionProviderName[] = availableExecutionProviders(),
): string {
  if (!isExecutionProviderName(name)) {
    throw new UnknownExecutionProviderError(name, Object.keys(EXECUTION_PROVIDERS));
  }
  if (!available.includes(name)) {
    throw new UnavailableExecutionProviderError(name, available);
  }
  return EXECUTION_PROVIDERS[name].ortName;
}
