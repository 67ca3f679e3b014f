import { randomUUID } from 'node:crypto';
import { assertValidEvent, InvalidEventError, parseEvent } from './registry';
import { deadLetterTopic, TOPICS } from './topics';

const usage = () => ({
  id: randomUUID(),
  type: 'usage.recorded',
  version: 1,
  occurredAt: new Date().toISOString(),
  producer: 'serving-service',
  data: { tenantId: 't1', apiKeyId: 'k1', requestId: 'r1', model: 'm', promptTokens: 3, completionTokens: 5 },
});

describe('parseEvent', () => {
  it('accepts a valid event given as an object, text or bytes', () => {
    const event = usage();
    for (const raw of [event, JSON.stringify(event), Buffer.from(JSON.stringify(event))]) {
      const result = parseEvent(TOPICS.usageRecorded, raw);
      expect(result).toEqual({ ok: true, event });
    }
  });

  it('rejects text that is not JSON', () => {
    expect(parseEvent(TOPICS.usageRecorded, '{oops')).toEqual({ ok: false, reason: 'message on usage.recorded is not JSON' });
  });

  it('names the unknown version and the known ones', () => {
    const result = parseEvent(TOPICS.usageRecorded, { ...usage(), version: 7 });
    expect(result).toEqual({ ok: false, reason: 'unknown version 7 on usage.recorded; known: 1, 2' });
  });

  it('says which field is wrong', () => {
    const bad = usage();
    bad.data.promptTokens = -1;
    const result = parseEvent(TOPICS.usageRecorded, bad);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('promptTokens');
  });

  it('rejects unknown fields rather than silently dropping them', () => {
    const result = parseEvent(TOPICS.usageRecorded, { ...usage(), extra: true });
    expect(result.ok).toBe(false);
  });

  it('rejects an event of another type on the topic', () => {
    const result = parseEvent(TOPICS.modelRegistered, usage());
    expect(result.ok).toBe(false);
  });
});

describe('assertValidEvent', () => {
  it('throws a typed error naming the topic', () => {
    expect(() => assertValidEvent(TOPICS.usageRecorded, { nope: 1 })).toThrow(InvalidEventError);
    expect(() => assertValidEvent(TOPICS.usageRecorded, { nope: 1 })).toThrow(/usage\.recorded/);
  });
});

describe('deadLetterTopic', () => {
  it('appends .dlq', () => expect(deadLetterTopic('usage.recorded')).toBe('usage.recorded.dlq'));
});
