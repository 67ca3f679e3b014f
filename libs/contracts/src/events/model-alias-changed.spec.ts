import { randomUUID } from 'node:crypto';
import { parseEvent } from '../registry';
import { TOPICS } from '../topics';

const change = (data: object) => ({
  id: randomUUID(),
  type: TOPICS.modelAliasChanged,
  version: 1,
  occurredAt: new Date().toISOString(),
  producer: 'training-service',
  data: { tenantId: 't1', alias: 'support-bot', revision: 3, targets: [{ modelId: 'm1', weight: 90 }, { modelId: 'm2', weight: 10 }], ...data },
});

describe('model.alias.changed', () => {
  it('carries a canary split, a single version, or none (the alias deleted)', () => {
    expect(parseEvent(TOPICS.modelAliasChanged, change({})).ok).toBe(true);
    expect(parseEvent(TOPICS.modelAliasChanged, change({ targets: [{ modelId: 'm1', weight: 100 }] })).ok).toBe(true);
    expect(parseEvent(TOPICS.modelAliasChanged, change({ targets: [] })).ok).toBe(true);
  });

  it('refuses weights that do not sum to 100, a version named twice, and a name that could be a model', () => {
    const bad = [
      change({ targets: [{ modelId: 'm1', weight: 90 }, { modelId: 'm2', weight: 20 }] }),
      change({ targets: [{ modelId: 'm1', weight: 50 }, { modelId: 'm1', weight: 50 }] }),
      change({ alias: 'ft:base:x' }),
      change({ alias: 'Support' }),
    ];
    const reasons = bad.map((event) => parseEvent(TOPICS.modelAliasChanged, event));
    expect(reasons.map((r) => r.ok)).toEqual([false, false, false, false]);
    expect(!reasons[0].ok && reasons[0].reason).toContain('the weights sum to 110, not 100');
  });
});
