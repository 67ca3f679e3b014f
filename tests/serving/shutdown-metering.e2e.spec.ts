import { TOPICS } from '@llmchain/contracts';
import { waitUntil } from '@llmchain/testing';
import { ServingHarness } from './serving-harness';

/** The service is stopped (SIGTERM) while a stream is running: its tokens are recorded once, none lost or doubled. */
describe('serving-service metering across a shutdown mid-stream', () => {
  const harness = new ServingHarness();
  afterAll(() => harness.teardown());

  it('records the cut stream exactly once, and the record survives a restart unchanged', async () => {
    await harness.start();
    const key = await harness.issueKey();
    // A longer context so the stream is still running when the signal lands.
    await harness.registerModel(key.tenantId, 'long', { contextLength: 1024 });
    const request = { model: 'long', prompt: 'the cat', max_tokens: 1000, temperature: 1, seed: 4 };
    const response = await fetch(`${harness.serving.baseUrl}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, stream: true }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    const requestId = JSON.parse(text.split('\n\n')[0].slice('data: '.length)).id as string;
    const stopped = harness.serving.kill('SIGTERM');
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    expect((await stopped).code).toBe(0);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);

    const usage = () =>
      harness.rows<{ completion_tokens: number }>('SELECT completion_tokens FROM usage_records WHERE request_id = $1', [requestId]);
    const events = () =>
      harness.rows<{ completion: number }>(
        `SELECT (payload->'data'->>'completionTokens')::int AS completion FROM outbox_events WHERE topic = $1 AND payload->'data'->>'requestId' = $2`,
        [TOPICS.usageRecorded, requestId],
      );
    const [row] = await usage();
    expect(row.completion_tokens).toBeGreaterThan(0);
    expect(await events()).toEqual([{ completion: row.completion_tokens }]);

    harness.serving.start();
    await harness.serving.waitReady();
    await waitUntil(
      () => harness.rows<{ sent: boolean }>(`SELECT sent_at IS NOT NULL AS sent FROM outbox_events WHERE payload->'data'->>'requestId' = $1`, [requestId]),
      (rows) => rows.length === 1 && rows[0].sent,
      { what: 'the usage event published' },
    );
    expect(await usage()).toEqual([row]);
    expect(await events()).toHaveLength(1);

    // The shutdown cut the stream: the same seeded request left to run makes far more tokens than were recorded.
    await harness.waitModelReady(key.tenantId, 'long');
    const uncut = await harness.client(key.key).completions.create(request);
    expect(uncut.usage!.completion_tokens).toBeGreaterThanOrEqual(200);
    expect(row.completion_tokens).toBeLessThan(uncut.usage!.completion_tokens / 2);
  });
});
