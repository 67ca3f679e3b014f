import { requestJson, ServiceStack, waitUntil } from '@llmchain/testing';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { receiptCounts } from './probe-receipts';

const EVENTS = 5_000;

/**
 * 5,000 events go through data-service's outbox to billing-service while something breaks mid-stream. Afterwards
 * billing-service must have applied each event exactly once: none lost, none doubled.
 */
describe('exactly-once effects over at-least-once delivery', () => {
  let stack: ServiceStack;

  beforeEach(async () => {
    stack = new ServiceStack();
    await stack.add('data-service');
    await stack.add('billing-service');
    await stack.startAll();
  });
  afterEach(() => stack.teardown());

  async function sendProbes(note: string) {
    const sent = await requestJson<{ sent: number }>('POST', `${stack.get('data-service').baseUrl}/diagnostics/probes`, {
      to: 'billing-service',
      count: EVENTS,
      note,
    });
    expect(sent).toEqual({ status: 201, body: expect.objectContaining({ sent: EVENTS }) });
  }

  const atLeast = (note: string, n: number) =>
    waitUntil(
      () => receiptCounts(stack, note),
      (c) => c.rows >= n,
      { intervalMs: 20, timeoutMs: 120_000, what: `${n} receipts` },
    );

  async function expectExactlyAll(note: string) {
    const done = await waitUntil(
      () => receiptCounts(stack, note),
      (c) => c.distinctSequences === EVENTS,
      { timeoutMs: 180_000, what: `all ${EVENTS} receipts` },
    );
    // Give late redeliveries time to land (they must not), then look again.
    await new Promise((r) => setTimeout(r, 3_000));
    const settled = await receiptCounts(stack, note);
    expect(done.rows).toBe(EVENTS);
    expect(settled).toEqual({ rows: EVENTS, distinctSequences: EVENTS, processed: EVENTS });
  }

  it('survives the consumer being SIGKILLed and restarted twice mid-stream', async () => {
    const note = 'consumer-killed';
    const consumer = stack.get('billing-service');
    await sendProbes(note);
    for (const threshold of [1_000, 2_500]) {
      await atLeast(note, threshold);
      expect((await consumer.kill('SIGKILL')).signal).toBe('SIGKILL');
      expect((await receiptCounts(stack, note)).rows).toBeLessThan(EVENTS);
      consumer.start();
      await consumer.waitReady();
    }
    await expectExactlyAll(note);
  });

  it('survives the Kafka broker restarting mid-stream', async () => {
    const note = 'broker-restarted';
    await sendProbes(note);
    await atLeast(note, 1_000);
    execFileSync('bash', [path.resolve(__dirname, '../../infra/restart.sh'), 'kafka'], { stdio: 'pipe' });
    expect((await receiptCounts(stack, note)).rows).toBeLessThan(EVENTS);
    await expectExactlyAll(note);
    await stack.get('billing-service').waitReady();
    await stack.get('data-service').waitReady();
  });
});
