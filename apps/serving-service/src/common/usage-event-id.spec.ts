import { usageEventId, uuidV5 } from './usage-event-id';

describe('usage event ids', () => {
  it('are RFC 9562 version 5 UUIDs (the RFC’s DNS-namespace example)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('are the same for a request id every time and differ between requests', () => {
    expect(usageEventId('cmpl-1')).toBe(usageEventId('cmpl-1'));
    expect(usageEventId('cmpl-1')).not.toBe(usageEventId('cmpl-2'));
    expect(usageEventId('cmpl-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
