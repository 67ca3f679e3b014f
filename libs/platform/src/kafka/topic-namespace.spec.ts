import { TopicNamespace } from './topic-namespace';

describe('TopicNamespace', () => {
  it('maps logical names to physical ones and back', () => {
    const namespace = new TopicNamespace('staging.');
    expect(namespace.physical('usage.recorded')).toBe('staging.usage.recorded');
    expect(namespace.logical('staging.usage.recorded')).toBe('usage.recorded');
  });

  it('is the identity without a prefix', () => {
    const namespace = new TopicNamespace('');
    expect(namespace.physical('usage.recorded')).toBe('usage.recorded');
    expect(namespace.logical('usage.recorded')).toBe('usage.recorded');
  });

  it('refuses a topic from another namespace', () => {
    expect(() => new TopicNamespace('a.').logical('b.usage.recorded')).toThrow(/outside namespace "a\."/);
  });
});
