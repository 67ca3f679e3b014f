import { pickTarget } from './weighted-pick';

describe('pickTarget', () => {
  const canary = [
    { modelId: 'stable', weight: 90 },
    { modelId: 'canary', weight: 10 },
  ];

  it('gives each version the slice of draws its weight says', () => {
    expect(pickTarget(canary, 0).modelId).toBe('stable');
    expect(pickTarget(canary, 0.8999).modelId).toBe('stable');
    expect(pickTarget(canary, 0.9).modelId).toBe('canary');
    expect(pickTarget(canary, 0.99999).modelId).toBe('canary');
  });

  it('counts exactly weight% of evenly spaced draws for each version', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const id = pickTarget([{ modelId: 'a', weight: 37 }, { modelId: 'b', weight: 63 }], i / 1000).modelId;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ a: 370, b: 630 });
  });

  it('sends every draw to a lone version', () => {
    expect(pickTarget([{ modelId: 'only', weight: 100 }], 0.5).modelId).toBe('only');
  });
});
