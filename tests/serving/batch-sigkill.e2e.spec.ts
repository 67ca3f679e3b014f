import { waitUntil } from '@llmchain/testing';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI, { toFile } from 'openai';
import { addBilling, BillingApi, billingRows, planBody } from '../billing/billing-api';
import { ServingHarness } from './serving-harness';

const REQUESTS = 1000;
const LEASE_MS = 3000;
const PRICE_PER_1K = 20;

type OutputLine = { id: string; custom_id: string; response: { status_code: number; body: { usage: { prompt_tokens: number; completion_tokens: number } } } };
type Line = { kind: string; description: string; quantity: string; amountMinor: string };

/** a*b/c rounded half up, in plain numbers (exact at these sizes): the invoice's rounding, computed apart from it. */
const roundHalfUp = (a: number, b: number, c: number) => Math.floor((2 * a * b + c) / (2 * c));

/**
 * A batch of 1,000 requests run by two serving processes, one SIGKILLed mid-batch and restarted: every custom_id is
 * answered exactly once, each answer billed once on the batch meter, and billing prices the batch meter at the
 * plan's default 50% discount.
 */
describe('Batch API across a SIGKILL of serving, billed at the batch discount', () => {
  const harness = new ServingHarness();
  let billing: BillingApi;
  afterAll(() => harness.teardown());

  it('answers each of 1,000 custom_ids once, bills each once at 50% off, across two processes and a SIGKILL', async () => {
    billing = await addBilling(harness.stack);
    const batchEnv = { BATCH_POLL_MS: '50', MODEL_SYNC_MS: '1000', BATCH_LEASE_MS: String(LEASE_MS), BATCH_CONCURRENCY: '16', INSTANCE_HEARTBEAT_MS: '300', ORPHAN_AFTER_MS: '2000' };
    await harness.start(batchEnv, async () => {
      await harness.stack.addWorker('serving-service', 'main.ts', {
        MODELS_DIR: harness.modelsDir,
        BLOB_STORE_DIR: path.join(harness.modelsDir, 'blobs'),
        MODEL_CACHE_DIR: path.join(harness.modelsDir, 'cache-2'),
        ...batchEnv,
      });
    });

    // A tenant on a plan with no included tokens and no batch discount set (the default applies), with a serving key.
    const admin = await billing.loginAdmin();
    const tiers = [{ upToTokens: null, unitPricePer1kMinor: PRICE_PER_1K }];
    const plan = await billing.call('POST', '/admin/plans', admin, planBody({ code: 'batchy', includedTokens: 0, prices: { prompt: tiers, completion: tiers, training: tiers } }));
    expect(plan.body.batchDiscountPercent).toBe(50);
    const tenant = (await billing.call('POST', '/admin/tenants', admin, { name: 'batch tenant' })).body;
    const today = new Date().toISOString().slice(0, 8) + '01';
    expect((await billing.call('PUT', `/admin/tenants/${tenant.id}/subscription`, admin, { planId: plan.body.id, startsOn: today })).status).toBe(200);
    const key = (await billing.call('POST', `/admin/tenants/${tenant.id}/api-keys`, admin, { name: 'batch', scopes: ['serving'] })).body;
    await waitUntil(() => harness.rows('SELECT 1 FROM api_key_replicas WHERE id = $1', [key.id]), (rows) => rows.length === 1, { what: 'the key in serving' });
    await harness.registerModel(tenant.id, 'tiny');
    const client: OpenAI = harness.client(key.key);

    const lines = Array.from({ length: REQUESTS }, (_, i) => ({
      custom_id: `req-${i}`,
      method: 'POST',
      url: '/v1/completions',
      body: { model: 'tiny', prompt: `the cat ${i % 7 === 0 ? 'sat on the mat' : 'ran'} ${i}`, max_tokens: 1 + (i % 6), temperature: 0 },
    }));
    const file = await client.files.create({ file: await toFile(Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')), 'thousand.jsonl'), purpose: 'batch' });
    const created = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/completions', completion_window: '24h' });

    // The kill must catch the process holding leases, and a process answers its claim in milliseconds: it is paused
    // (SIGSTOP) first, told apart from the other by its heartbeat stopping, and killed only if it holds pending requests
    // then; otherwise it goes on (SIGCONT) and is paused again a moment later.
    const answered = () => harness.rows<{ n: number }>(`SELECT count(*)::int AS n FROM batch_requests WHERE batch_id = $1 AND state = 'done'`, [created.id]);
    await waitUntil(answered, ([row]) => row.n >= 250, { timeoutMs: 180_000, intervalMs: 5, what: '250 requests answered' });
    const pid = harness.serving.pid!;
    let before: { n: number }[] = [];
    let atKill: { n: number }[] = [];
    for (let attempt = 0; attempt < 50 && atKill.length === 0; attempt++) {
      process.kill(pid, 'SIGSTOP');
      await sleep(1000); // its heartbeat (every 300 ms) stops; the other's goes on
      const [paused] = await harness.rows<{ id: string }>(`SELECT instance_id::text AS id FROM serving_instances ORDER BY heartbeat_at LIMIT 1`);
      const held = await harness.rows<{ n: number }>(`SELECT count(*)::int AS n FROM batch_requests WHERE batch_id = $1 AND state = 'pending' AND lease_owner = $2::uuid`, [
        created.id,
        paused.id,
      ]);
      if (held[0].n > 0) {
        before = await answered();
        atKill = held;
      } else {
        process.kill(pid, 'SIGCONT');
        await sleep(20 + attempt * 5);
      }
    }
    expect(atKill[0]?.n).toBeGreaterThan(0);
    expect((await harness.serving.kill('SIGKILL')).signal).toBe('SIGKILL');
    expect(before[0].n).toBeLessThan(REQUESTS);
    harness.serving.start();
    await harness.serving.waitReady();

    const batch = await waitUntil(() => client.batches.retrieve(created.id), (b) => b.status === 'completed', { timeoutMs: 300_000, intervalMs: 500, what: 'the batch completed' });
    expect(batch.request_counts).toEqual({ total: REQUESTS, completed: REQUESTS, failed: 0 });
    expect(batch.error_file_id).toBeNull();
    const output = (await (await client.files.content(batch.output_file_id!)).text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutputLine);
    expect(output).toHaveLength(REQUESTS);
    expect(new Set(output.map((l) => l.custom_id)).size).toBe(REQUESTS);
    expect(output.map((l) => l.custom_id).sort()).toEqual(lines.map((l) => l.custom_id).sort());
    for (const line of output) expect(line.response.status_code).toBe(200);

    // Requests leased by the killed process ran again elsewhere; both processes answered some.
    const runs = await harness.rows<{ retried: number; owners: number }>(
      `SELECT count(*) FILTER (WHERE attempts > 1)::int AS retried, count(DISTINCT lease_owner)::int AS owners FROM batch_requests WHERE batch_id = $1`,
      [created.id],
    );
    expect(runs[0].owners).toBeGreaterThanOrEqual(2);
    expect(runs[0].retried).toBeGreaterThanOrEqual(atKill[0].n);
    console.log(`batch: ${before[0].n} answered before the SIGKILL, ${atKill[0].n} leased at the kill, ${runs[0].retried} run again, ${runs[0].owners} processes answered`);

    // One usage record and one usage.recorded (batch meter) per answer, with the answer's own usage.
    const prompt = output.reduce((sum, l) => sum + l.response.body.usage.prompt_tokens, 0);
    const completion = output.reduce((sum, l) => sum + l.response.body.usage.completion_tokens, 0);
    const events = await harness.rows<{ n: number; ids: number; prompt: number; completion: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS ids, sum((payload->'data'->>'promptTokens')::int)::int AS prompt,
              sum((payload->'data'->>'completionTokens')::int)::int AS completion
         FROM outbox_events WHERE topic = 'usage.recorded' AND payload->'data'->>'batchId' = $1 AND payload->'data'->>'meter' = 'batch'`,
      [created.id],
    );
    expect(events).toEqual([{ n: REQUESTS, ids: REQUESTS, prompt, completion }]);
    expect(await harness.rows(`SELECT count(*)::int AS n FROM usage_records WHERE request_id LIKE $1`, [`batch_req_${created.id.slice(6)}_%`])).toEqual([{ n: REQUESTS }]);

    // Billing's ledger holds exactly those tokens on the batch meters, and the invoice prices them at half the tier price.
    const ledger = () =>
      billingRows<{ meter: string; tokens: string }>(harness.stack, `SELECT meter, sum(tokens)::text AS tokens FROM usage_ledger WHERE tenant_id = $1 AND meter LIKE 'batch%' GROUP BY meter ORDER BY meter`, [tenant.id]);
    const expected = [
      { meter: 'batch_completion', tokens: String(completion) },
      { meter: 'batch_prompt', tokens: String(prompt) },
    ];
    await waitUntil(ledger, (rows) => JSON.stringify(rows) === JSON.stringify(expected), { timeoutMs: 60_000, what: 'the batch tokens in the ledger' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await ledger()).toEqual(expected);
    const preview = await billing.call('GET', `/admin/tenants/${tenant.id}/invoices/upcoming`, admin);
    const batchLines = (preview.body.lines as Line[]).filter((l) => /: batch (prompt|completion) tokens/.test(l.description));
    expect(batchLines.map((l) => ({ quantity: l.quantity, amountMinor: l.amountMinor }))).toEqual([
      { quantity: String(prompt), amountMinor: String(roundHalfUp(prompt * PRICE_PER_1K, 50, 100_000)) },
      { quantity: String(completion), amountMinor: String(roundHalfUp(completion * PRICE_PER_1K, 50, 100_000)) },
    ]);
    expect(batchLines[0].description).toContain('less 50% batch discount');
  });
});
