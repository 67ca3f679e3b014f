import { deadLetterTopic, TOPICS } from '@llmchain/contracts';
import { requestJson, ServiceStack, testKafka, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { KafkaMessage } from 'kafkajs';
import { receiptCounts } from './probe-receipts';

describe('a malformed message goes to the dead-letter topic and the consumer keeps going', () => {
  const stack = new ServiceStack();
  beforeAll(async () => {
    await stack.add('billing-service');
    await stack.startAll();
  });
  afterAll(() => stack.teardown());

  it('parks bad messages with their reason, then applies the next good one', async () => {
    const topic = `${stack.topicPrefix}${TOPICS.platformProbe}`;
    const valid = {
      id: randomUUID(),
      type: TOPICS.platformProbe,
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'data-service',
      data: { from: 'data-service', to: 'billing-service', sequence: 0, note: 'after-bad' },
    };
    const bad = [
      Buffer.from('definitely not json'),
      Buffer.from(JSON.stringify({ ...valid, id: randomUUID(), data: { ...valid.data, sequence: -1 } })),
      Buffer.from(JSON.stringify({ ...valid, id: randomUUID(), version: 99 })),
    ];
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({ topic, messages: [...bad.map((value) => ({ key: 'k', value })), { key: 'k', value: JSON.stringify(valid) }] });
    await producer.disconnect();

    await waitUntil(() => receiptCounts(stack, 'after-bad'), (c) => c.rows === 1, { what: 'the good probe' });

    const letters: KafkaMessage[] = [];
    const consumer = testKafka().consumer({ groupId: `${stack.topicPrefix}dlq-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${stack.topicPrefix}${deadLetterTopic(TOPICS.platformProbe)}`, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void letters.push(message) });
    await waitUntil(async () => letters.length, (n) => n >= bad.length, { what: 'three dead letters' });
    await consumer.disconnect();

    expect(letters.map((m) => m.value)).toEqual(bad);
    const reasons = letters.map((m) => m.headers?.['dlq-reason']?.toString());
    expect(reasons[0]).toBe('message on platform.probe is not JSON');
    expect(reasons[1]).toContain('sequence');
    expect(reasons[2]).toBe('unknown version 99 on platform.probe; known: 1');
    for (const letter of letters) {
      expect(letter.headers?.['dlq-source-topic']?.toString()).toBe(TOPICS.platformProbe);
      expect(letter.headers?.['dlq-consumer']?.toString()).toBe('billing-service');
    }
    const health = await requestJson('GET', `${stack.get('billing-service').baseUrl}/health/ready`);
    expect(health.status).toBe(200);
  });
});
