import { TOPICS } from '@llmchain/contracts';
import { ServiceStack, waitUntil } from '@llmchain/testing';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { BillingApi, billingRows, planBody, startBilling } from './billing-api';
import { UsageProducer } from './usage-producer';
import { WebhookReceiver } from './webhook-receiver';

const now = new Date();
const lastMonthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const lastPeriod = lastMonthStart.toISOString().slice(0, 7);
const RETRY_BASE_MS = 300;

function trainingCompleted(tenantId: string, status: 'succeeded' | 'failed' | 'cancelled') {
  const data = { tenantId, jobId: `job-${randomUUID()}`, modelId: status === 'succeeded' ? 'm-1' : null, status, trainedTokens: 1_000 };
  return { id: randomUUID(), type: TOPICS.trainingJobCompleted, version: 1, occurredAt: new Date().toISOString(), producer: 'training-service', data };
}

function evalSucceeded(tenantId: string) {
  const data = { tenantId, evalId: 'eval-1', runId: `run-${randomUUID()}`, modelId: 'm-1', resultCounts: { total: 2, passed: 1, failed: 1, errored: 0 }, perCriterion: [] };
  return { id: randomUUID(), type: TOPICS.evalRunSucceeded, version: 1, occurredAt: new Date().toISOString(), producer: 'training-service', data };
}

const evtId = (eventId: string) => `evt_${eventId.replace(/-/g, '')}`;

/**
 * Webhooks end to end: events from Kafka (and billing's own invoice.issued) reach a receiver on loopback that verifies
 * Standard Webhooks signatures independently and fails the first tries; the same id on every attempt; a delivery log
 * with each attempt; rotation with overlap; an endpoint disabled after a failure run and re-enabled; deliveries that
 * survive a SIGKILL of billing; SSRF and input refusals.
 */
describe('billing-service webhooks', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let producer: UsageProducer;
  let receiver: WebhookReceiver;
  let admin: string;
  let tenantId: string;
  let managerKey: string;
  let servingKey: string;
  const secretsByPath = new Map<string, string[]>();
  const downPaths = new Set<string>();
  const webhookKey = randomBytes(32).toString('base64');

  const createEndpoint = async (path: string, eventTypes: string[]) => {
    const reply = await api.call('POST', '/v1/webhooks/endpoints', managerKey, { url: receiver.url(path), eventTypes, description: `receiver ${path}` });
    expect(reply.status).toBe(201);
    secretsByPath.set(path, [reply.body.secret]);
    return reply.body as { id: string; secret: string };
  };
  const deliveries = async (endpointId: string) => (await api.call('GET', `/v1/webhooks/endpoints/${endpointId}/deliveries?limit=100`, managerKey)).body.data as any[];

  beforeAll(async () => {
    receiver = new WebhookReceiver(
      (path) => secretsByPath.get(path) ?? [],
      // /flaky fails each message's first two tries; paths in downPaths fail until taken out.
      (path, times) => (downPaths.has(path) ? 503 : path === '/flaky' && times <= 2 ? 500 : 200),
    );
    await receiver.start();
    ({ stack, api } = await startBilling({
      WEBHOOK_SECRET_KEY: webhookKey,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'loopback',
      WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS),
      WEBHOOK_RETRY_WINDOW_MS: '4000',
      WEBHOOK_DISABLE_AFTER_MS: '2000',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      WEBHOOK_ATTEMPT_TIMEOUT_MS: '2000',
      WEBHOOK_RESPONSE_MAX_BYTES: '64',
      WEBHOOK_LOG_PURGE_INTERVAL_MS: '500',
    }));
    admin = await api.loginAdmin();
    producer = new UsageProducer(stack.topicPrefix);
    await producer.connect();
    const plan = await api.call('POST', '/admin/plans', admin, planBody());
    tenantId = (await api.call('POST', '/admin/tenants', admin, { name: 'Hooked' })).body.id;
    expect((await api.call('PUT', `/admin/tenants/${tenantId}/subscription`, admin, { planId: plan.body.id, startsOn: lastMonthStart.toISOString().slice(0, 10) })).status).toBe(200);
    managerKey = (await api.call('POST', `/admin/tenants/${tenantId}/api-keys`, admin, { name: 'ops', scopes: ['keys'] })).body.key;
    servingKey = (await api.call('POST', `/admin/tenants/${tenantId}/api-keys`, admin, { name: 'app', scopes: ['serving'] })).body.key;
  });
  afterAll(async () => {
    await producer?.disconnect();
    await stack?.teardown();
    await receiver?.stop();
  });

  it('delivers each subscribed event at least once, signed, with the same id across retries, and logs every attempt', async () => {
    const endpoint = await createEndpoint('/flaky', ['fine_tuning.job.succeeded', 'fine_tuning.job.failed', 'eval.run.succeeded', 'invoice.issued']);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const sealed = await billingRows<{ secret_ciphertext: string }>(stack, 'SELECT secret_ciphertext FROM webhook_endpoints WHERE id = $1', [endpoint.id]);
    expect(sealed[0].secret_ciphertext).not.toContain(endpoint.secret.slice(6));

    const succeeded = trainingCompleted(tenantId, 'succeeded');
    const failed = trainingCompleted(tenantId, 'failed');
    const cancelled = trainingCompleted(tenantId, 'cancelled'); // not subscribed
    await producer.send([succeeded, failed, cancelled, succeeded], TOPICS.trainingJobCompleted); // one sent twice
    const evalRun = evalSucceeded(tenantId);
    await producer.send([evalRun], TOPICS.evalRunSucceeded);
    const invoice = await api.call('POST', '/admin/invoices', admin, { tenantId, period: lastPeriod });
    expect((await api.call('POST', `/admin/invoices/${invoice.body.id}/issue`, admin)).status).toBe(201);

    const expected = new Map([
      [evtId(succeeded.id), 'fine_tuning.job.succeeded'],
      [evtId(failed.id), 'fine_tuning.job.failed'],
      [evtId(evalRun.id), 'eval.run.succeeded'],
    ]);
    const answeredOk = () => receiver.on('/flaky').filter((r) => r.answered === 200);
    await waitUntil(async () => answeredOk().length, (n) => n >= 4, { what: 'four events answered 200', timeoutMs: 60_000 });
    // Every delivery settled, and every request the receiver saw one of their recorded attempts: nothing is left to arrive twice.
    await waitUntil(
      () => deliveries(endpoint.id),
      (log) => log.length === 4 && log.every((d) => d.status === 'succeeded') && log.reduce((sum, d) => sum + d.attempts, 0) === receiver.on('/flaky').length,
      { what: 'every delivery to /flaky settled and accounted for' },
    );
    const requests = receiver.on('/flaky');
    const byId = new Map<string, typeof requests>();
    for (const request of requests) byId.set(request.id, [...(byId.get(request.id) ?? []), request]);
    expect(byId.size).toBe(4);
    const invoiceEvent = JSON.parse(answeredOk().find((r) => JSON.parse(r.body).type === 'invoice.issued')!.body);
    expect(invoiceEvent).toMatchObject({ object: 'event', type: 'invoice.issued', data: { id: invoice.body.id, period: lastPeriod, currency: 'USD' } });
    for (const [id, type] of expected) {
      const body = JSON.parse(byId.get(id)![0].body);
      expect(body).toMatchObject({ id, object: 'event', type, created_at: expect.any(Number) });
    }
    expect(JSON.parse(byId.get(evtId(succeeded.id))![0].body).data).toEqual({ id: succeeded.data.jobId, model_id: 'm-1', status: 'succeeded', trained_tokens: 1_000 });
    for (const [id, attempts] of byId) {
      // Two refusals then a 200, the same bytes each time, each signature verifying under the endpoint's secret.
      expect({ id, answers: attempts.map((a) => a.answered) }).toEqual({ id, answers: [500, 500, 200] });
      expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
      expect(attempts.every((a) => a.verifiedBy.length === 1 && a.verifiedBy[0] === 0)).toBe(true);
      // Backoff: the second retry waits about twice as long as the first.
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(RETRY_BASE_MS - 50);
      expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(2 * RETRY_BASE_MS - 50);
    }

    const log = await deliveries(endpoint.id);
    expect(log).toHaveLength(4);
    expect(log.map((d) => [d.eventId, d.status, d.attempts, d.lastAttempt.responseStatus])).toEqual(expect.arrayContaining([...byId.keys()].map((id) => [id, 'succeeded', 3, 200])));
    const detail = await api.call('GET', `/v1/webhooks/endpoints/${endpoint.id}/deliveries/${log[0].id}`, managerKey);
    expect(detail.body.attemptLog.map((a: any) => [a.number, a.trigger, a.responseStatus, a.responseBody])).toEqual([
      [1, 'scheduled', 500, 'not yet (1)'],
      [2, 'scheduled', 500, 'not yet (2)'],
      [3, 'scheduled', 200, 'ok'],
    ]);
    expect(JSON.stringify(detail.body.payload)).toBe(byId.get(log[0].eventId)![0].body);
    expect((await api.call('GET', `/v1/webhooks/endpoints/${endpoint.id}/deliveries?status=pending`, managerKey)).body.data).toEqual([]);

    // Manual redelivery: the same id and body again, logged as attempt 4, "manual".
    const redelivered = await api.call('POST', `/v1/webhooks/endpoints/${endpoint.id}/deliveries/${log[0].id}/redeliver`, managerKey);
    expect(redelivered.status).toBe(200);
    await waitUntil(() => api.call('GET', `/v1/webhooks/endpoints/${endpoint.id}/deliveries/${log[0].id}`, managerKey), (r) => r.body.attempts === 4 && r.body.status === 'succeeded', { what: 'the redelivery' });
    const again = await api.call('GET', `/v1/webhooks/endpoints/${endpoint.id}/deliveries/${log[0].id}`, managerKey);
    expect(again.body.attemptLog[3]).toMatchObject({ number: 4, trigger: 'manual', responseStatus: 200 });
    expect(receiver.on('/flaky').filter((r) => r.id === log[0].eventId)).toHaveLength(4);
    expect(stack.get('billing-service').output.join('\n')).not.toContain(endpoint.secret.slice(6));
  });

  it('purges settled deliveries (attempts and events with them) past the retention, and keeps pending ones', async () => {
    const flaky = (await api.call('GET', '/v1/webhooks/endpoints', managerKey)).body.data.find((e: { url: string }) => e.url.endsWith('/flaky'));
    const [settled, pending] = await deliveries(flaky.id);
    const ids = [settled.id, pending.id];
    // One made pending again, due far ahead so nothing attempts it; then both 31 days old (past the 30-day default).
    // In that order: the purge runs every 500 ms here, and once found both settled and old between two statements.
    await billingRows(stack, `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now() + interval '1 day' WHERE id = $1`, [pending.id]);
    await billingRows(stack, `UPDATE webhook_events SET created_at = now() - interval '31 days' WHERE id IN (SELECT event_id FROM webhook_deliveries WHERE id = ANY($1::uuid[]))`, [ids]);
    await billingRows(stack, `UPDATE webhook_deliveries SET created_at = now() - interval '31 days' WHERE id = ANY($1::uuid[])`, [ids]);
    const remaining = () => billingRows<{ id: string }>(stack, `SELECT id::text FROM webhook_deliveries WHERE id = ANY($1::uuid[])`, [ids]);
    await waitUntil(remaining, (rows) => rows.length === 1, { what: 'the settled delivery purged' });
    expect(await remaining()).toEqual([{ id: pending.id }]);
    expect(await billingRows(stack, `SELECT 1 FROM webhook_delivery_attempts WHERE delivery_id = $1`, [settled.id])).toEqual([]);
    const eventIds = [settled.eventId, pending.eventId].map((id: string) => id.slice(4).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'));
    expect(await billingRows(stack, `SELECT id::text FROM webhook_events WHERE id = ANY($1::uuid[])`, [eventIds])).toEqual([{ id: eventIds[1] }]);
  });

  it('signs with the new and the old secret during a rotation overlap, and with the new one alone after it', async () => {
    const endpoint = await createEndpoint('/rotating', ['fine_tuning.job.succeeded']);
    const rotated = await api.call('POST', `/v1/webhooks/endpoints/${endpoint.id}/rotate-secret`, managerKey, { overlapSeconds: 3_600 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(3_500_000);
    secretsByPath.set('/rotating', [rotated.body.secret, endpoint.secret]);
    const during = trainingCompleted(tenantId, 'succeeded');
    await producer.send([during], TOPICS.trainingJobCompleted);
    await waitUntil(async () => receiver.on('/rotating').length, (n) => n >= 1, { what: 'the event during the overlap' });
    expect(receiver.on('/rotating')[0].verifiedBy).toEqual([0, 1]);

    const final = await api.call('POST', `/v1/webhooks/endpoints/${endpoint.id}/rotate-secret`, managerKey, { overlapSeconds: 0 });
    expect(final.body.previousSecretExpiresAt).toBeNull();
    secretsByPath.set('/rotating', [final.body.secret, rotated.body.secret]);
    await producer.send([trainingCompleted(tenantId, 'succeeded')], TOPICS.trainingJobCompleted);
    await waitUntil(async () => receiver.on('/rotating').length, (n) => n >= 2, { what: 'the event after the overlap' });
    expect(receiver.on('/rotating')[1].verifiedBy).toEqual([0]);
    const listed = await api.call('GET', '/v1/webhooks/endpoints', managerKey);
    expect(JSON.stringify(listed.body)).not.toMatch(/whsec_|secret_?ciphertext/i);
  });

  it('disables an endpoint after a failure run, skips it while disabled, and resumes when the tenant re-enables it', async () => {
    downPaths.add('/down');
    const endpoint = await createEndpoint('/down', ['eval.run.succeeded']);
    const first = evalSucceeded(tenantId);
    await producer.send([first], TOPICS.evalRunSucceeded);
    const disabled = await waitUntil(() => api.call('GET', `/v1/webhooks/endpoints/${endpoint.id}`, managerKey), (r) => r.body.status === 'disabled', { what: 'the endpoint disabled', timeoutMs: 30_000 });
    expect(disabled.body).toMatchObject({ disabledReason: 'failing', failingSince: expect.any(String) });
    const attemptsWhenDisabled = receiver.on('/down').length;
    expect(attemptsWhenDisabled).toBeGreaterThanOrEqual(3);

    const whileDisabled = evalSucceeded(tenantId);
    await producer.send([whileDisabled], TOPICS.evalRunSucceeded);
    await waitUntil(() => billingRows(stack, `SELECT 1 FROM processed_events WHERE consumer = 'billing-service.webhooks' AND event_id = $1`, [whileDisabled.id]), (rows) => rows.length === 1, { what: 'the event consumed' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.on('/down')).toHaveLength(attemptsWhenDisabled);
    expect((await deliveries(endpoint.id)).map((d) => d.eventId)).toEqual([evtId(first.id)]);

    // Re-enabled while still failing: the pending delivery is tried once more, past its 4 s window, and fails.
    expect((await api.call('POST', `/v1/webhooks/endpoints/${endpoint.id}/enable`, managerKey)).body).toMatchObject({ status: 'enabled', disabledReason: null, failingSince: null });
    const [failedDelivery] = await waitUntil(() => deliveries(endpoint.id), (log) => log[0]?.status === 'failed', { what: 'the delivery failed' });
    expect(failedDelivery.attempts).toBe(attemptsWhenDisabled + 1);
    // The receiver recovers; a manual redelivery succeeds with the same id.
    downPaths.delete('/down');
    await api.call('POST', `/v1/webhooks/endpoints/${endpoint.id}/deliveries/${failedDelivery.id}/redeliver`, managerKey);
    await waitUntil(() => deliveries(endpoint.id), (log) => log[0]?.status === 'succeeded', { what: 'the redelivery succeeded' });
    expect(new Set(receiver.on('/down').map((r) => r.id))).toEqual(new Set([evtId(first.id)]));
  });

  it('keeps pending deliveries across a SIGKILL of billing-service and sends them after the restart', async () => {
    downPaths.add('/restart');
    const endpoint = await createEndpoint('/restart', ['fine_tuning.job.failed']);
    const event = trainingCompleted(tenantId, 'failed');
    await producer.send([event], TOPICS.trainingJobCompleted);
    await waitUntil(async () => receiver.on('/restart').length, (n) => n >= 1, { what: 'a first failed attempt' });
    const billing = stack.get('billing-service');
    await billing.kill('SIGKILL');
    downPaths.delete('/restart');
    billing.start();
    await billing.waitReady();
    await waitUntil(() => deliveries(endpoint.id), (log) => log[0]?.status === 'succeeded', { what: 'the delivery after the restart', timeoutMs: 60_000 });
    const requests = receiver.on('/restart');
    expect(new Set(requests.map((r) => r.id))).toEqual(new Set([evtId(event.id)]));
    expect(requests[requests.length - 1].answered).toBe(200);
  });

  it('refuses private, link-local and unresolvable targets, bad input and callers without the right', async () => {
    const refused = async (body: object, key = managerKey) => api.call('POST', '/v1/webhooks/endpoints', key, { eventTypes: ['invoice.issued'], ...body });
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/hook', 'http://[::ffff:10.0.0.1]/hook', 'http://[fd00::1]/hook']) {
      const reply = await refused({ url });
      expect({ url, status: reply.status, message: reply.body.message }).toEqual({ url, status: 400, message: expect.stringMatching(/^url: .*private, loopback or link-local/) });
    }
    expect((await refused({ url: 'http://no-such-host.invalid/hook' })).body.message).toBe('url: no-such-host.invalid does not resolve');
    expect((await refused({ url: 'ftp://127.0.0.1/hook' })).body.message).toMatch(/^url: must use https or http/);
    expect((await refused({ url: `http://user:pw@127.0.0.1:1/hook` })).body.message).toMatch(/^url: must not carry a user name or password/);
    expect((await refused({ url: receiver.url('/x'), eventTypes: ['invoice.paid'] })).body.message).toEqual([expect.stringMatching(/^eventTypes.0: unknown event type "invoice.paid"; known: fine_tuning.job.succeeded/)]);
    expect((await refused({ url: receiver.url('/x'), eventTypes: [] })).status).toBe(400);
    expect((await refused({ url: receiver.url('/x') }, servingKey)).status).toBe(403);
    expect(await billingRows(stack, `SELECT 1 FROM webhook_endpoints WHERE url LIKE '%/x' OR url LIKE '%10.0.0.1%'`)).toEqual([]);

    const endpoint = await createEndpoint('/managed', ['invoice.issued']);
    const patched = await api.call('PATCH', `/v1/webhooks/endpoints/${endpoint.id}`, managerKey, { eventTypes: ['eval.run.failed', 'eval.run.failed'], description: 'evals' });
    expect(patched.body).toMatchObject({ eventTypes: ['eval.run.failed'], description: 'evals', status: 'enabled' });
    expect((await api.call('PATCH', `/v1/webhooks/endpoints/${endpoint.id}`, managerKey, { url: 'http://169.254.169.254/' })).status).toBe(400);
    expect((await api.call('POST', `/v1/webhooks/endpoints/${endpoint.id}/disable`, managerKey)).body).toMatchObject({ status: 'disabled', disabledReason: 'tenant' });
    const other = (await api.call('POST', '/admin/tenants', admin, { name: 'Other' })).body.id;
    const otherKey = (await api.call('POST', `/admin/tenants/${other}/api-keys`, admin, { name: 'ops', scopes: ['keys'] })).body.key;
    expect((await api.call('GET', `/v1/webhooks/endpoints/${endpoint.id}`, otherKey)).status).toBe(404);
    expect((await api.call('DELETE', `/v1/webhooks/endpoints/${endpoint.id}`, otherKey)).status).toBe(404);
    expect((await api.call('DELETE', `/v1/webhooks/endpoints/${endpoint.id}`, managerKey)).status).toBe(204);
    expect((await api.call('GET', `/v1/webhooks/endpoints/${endpoint.id}`, managerKey)).status).toBe(404);
    expect((await api.call('GET', '/v1/webhooks/event-types', managerKey)).body.data).toContain('invoice.issued');

    // A retried creation under one Idempotency-Key answers the first endpoint (and its secret) and makes no second one.
    const createOnce = () =>
      fetch(`${api.service.baseUrl}/v1/webhooks/endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${managerKey}`, 'content-type': 'application/json', 'idempotency-key': 'hook-once' },
        body: JSON.stringify({ url: receiver.url('/once'), eventTypes: ['invoice.issued'] }),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const [first, retried] = [await createOnce(), await createOnce()];
    expect(first.status).toBe(201);
    expect(retried).toEqual(first);
    expect(await billingRows(stack, `SELECT 1 FROM webhook_endpoints WHERE url LIKE '%/once'`)).toHaveLength(1);
  });

  it('rotates WEBHOOK_SECRET_KEY: secrets sealed under the old key still sign, are sealed again at boot, and need the old key no more', async () => {
    const endpoint = await createEndpoint('/rekey', ['fine_tuning.job.cancelled']);
    // The key's name in a sealed secret, computed here apart from the code: the first 8 hex digits of its SHA-256.
    const keyName = (key: string) => createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 8);
    const sealed = async () => (await billingRows<{ secret_ciphertext: string }>(stack, 'SELECT secret_ciphertext FROM webhook_endpoints WHERE id = $1', [endpoint.id]))[0].secret_ciphertext;
    expect((await sealed()).split('.').slice(0, 2)).toEqual(['v2', keyName(webhookKey)]);
    const restart = async (env: Record<string, string>) => {
      const billing = stack.get('billing-service');
      // SIGKILL: a restart is all the rotation needs, and it comes back sooner than after a graceful stop.
      await billing.kill('SIGKILL');
      Object.assign(billing.env, env);
      billing.start();
      await billing.waitReady();
    };
    const delivered = async () => {
      const event = trainingCompleted(tenantId, 'cancelled');
      await producer.send([event], TOPICS.trainingJobCompleted);
      const [request] = await waitUntil(async () => receiver.on('/rekey').filter((r) => r.id === evtId(event.id)), (r) => r.length === 1, { what: 'the delivery' });
      return request;
    };

    const newKey = randomBytes(32).toString('base64');
    await restart({ WEBHOOK_SECRET_KEY: newKey, WEBHOOK_SECRET_PREVIOUS_KEYS: webhookKey });
    await waitUntil(sealed, (s) => s.startsWith(`v2.${keyName(newKey)}.`), { what: 'the secret sealed again under the new key' });
    // The secret itself is unchanged: the receiver verifies with the one shown at creation.
    expect(await delivered()).toMatchObject({ verifiedBy: [0], answered: 200 });

    await restart({ WEBHOOK_SECRET_PREVIOUS_KEYS: '' });
    expect(await delivered()).toMatchObject({ verifiedBy: [0], answered: 200 });
  });
});
