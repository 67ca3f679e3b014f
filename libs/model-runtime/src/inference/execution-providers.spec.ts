import { availableExecutionProviders, resolveExecutionProvider } from './execution-providers';
import { UnavailableExecutionProviderError, UnknownExecutionProviderError } from './errors';

describe('execution provider table', () => {
  it('resolves the CPU provider', () => {
    expect(resolveExecutionProvider('cpu')).toBe('cpu');
    expect(availableExecutionProviders()).toContain('cpu');
  });

  it('names an unknown provider and lists the known ones', () => {
    expect(() => resolveExecutionProvider('tpu')).toThrow(UnknownExecutionProviderError);
    expect(() => resolveExecutionProvider('tpu')).toThrow(/"tpu".*cpu, webgpu, cuda/);
  });

  it('refuses a known provider this build does not ship', () => {
    expect(() => resolveExecutionProvider('cuda', ['cpu', 'webgpu'])).toThrow(UnavailableExecutionProviderError);
    expect(() => resolveExecutionProvider('cuda', ['cpu'])).toThrow(/"cuda" cannot be used.*ships: cpu\)/);
  });
});
