import { ServiceProcess, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { AliasStack, Version } from './alias-stack';

/** How soon a change must be served by every process: Kafka, then each process's one-second alias cache. */
const PROPAGATION_BOUND_MS = 5000;
/** Canary calls, half to each process. */
const CALLS = 300;
const CANARY_WEIGHT = 30;
/**
 * The canary's share of CALLS is Binomial(300, 0.3): mean 90, standard deviation √(300·0.3·0.7) ≈ 7.9. 4.5 standard
 * deviations (±35.7) fail a correct split with probability under 1e-5; a split ignoring the weights (50%) lands at 150.
 */
const CANARY_BOUND = 4.5 * Math.sqrt(CALLS * (CANARY_WEIGHT / 100) * (1 - CANARY_WEIGHT / 100));

/**
 * A tenant's alias (`support-bot`) over two registered versions, set and rolled back through training-service, served
 * by two serving processes: requests follow the split, a change and a rollback reach both processes within seconds,
 * a stream finishes on the version it began on, and usage names the version that answered.
 */
describe('model aliases: canary splits and rollback across two serving processes', () => {
  const aliases = new AliasStack();
  let processes: ServiceProcess[];
  let v1: Version;
  let v2: Version;
  afterAll(() => aliases.teardown());

  beforeAll(async () => {
    processes = await aliases.start();
    // v1 is the larger of the two, so a long stream on it is still running while the alias moves to v2.
    [v1, v2] = await Promise.all([
      aliases.registerVersion('bot-v1', { contextLength: 1024, nEmbd: 192, nLayer: 3, nHead: 4 }),
      aliases.registerVersion('bot-v2'),
    ]);
  });

  it('refuses bad assignments with the field to fix, and keeps other tenants out', async () => {
    const set = (name: string, targets: object[], key = aliases.key.key) => aliases.training('PUT', `/v1/model-aliases/${name}`, key, { targets });
    const split = await set('support-bot', [{ modelId: v1.id, weight: 60 }, { modelId: v2.id, weight: 50 }]);
    expect([split.status, split.body.message]).toEqual([400, ['targets: the weights sum to 110, not 100']]);
    const unknown = await set('support-bot', [{ modelId: randomUUID(), weight: 100 }]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message[0]).toMatch(/^targets\.0\.modelId: no model .* is registered/);
    const badName = await set('Support_Bot', [{ modelId: v1.id, weight: 100 }]);
    expect([badName.status, String(badName.body.message)]).toEqual([400, expect.stringContaining('name: an alias is 1 to 64 characters')]);
    const modelsName = await set('bot-v1', [{ modelId: v1.id, weight: 100 }]);
    expect([modelsName.status, String(modelsName.body.message)]).toEqual([400, expect.stringContaining('name: bot-v1 is the name of a model you can call')]);
    // Another tenant's model is not the caller's to point at.
    const foreign = await aliases.otherTenantModel();
    expect((await set('support-bot', [{ modelId: foreign, weight: 100 }])).status).toBe(404);
    expect((await aliases.training('POST', '/v1/model-aliases/support-bot/rollback', aliases.key.key)).status).toBe(404);

    const created = await set('support-bot', [{ modelId: v1.id, weight: 100 }]);
    expect([created.status, created.body.revision, created.body.targets]).toEqual([200, 1, [{ modelId: v1.id, weight: 100 }]]);
    const firstRollback = await aliases.training('POST', '/v1/model-aliases/support-bot/rollback', aliases.key.key);
    expect([firstRollback.status, firstRollback.body.message]).toEqual([409, 'the alias support-bot has had one assignment only: there is nothing to roll back to']);

    const other = aliases.otherKey.key;
    expect((await aliases.training('GET', '/v1/model-aliases/support-bot', other)).status).toBe(404);
    expect((await aliases.training('GET', '/v1/model-aliases/support-bot/changes', other)).status).toBe(404);
    expect((await aliases.training('POST', '/v1/model-aliases/support-bot/rollback', other)).status).toBe(404);
    expect((await aliases.training('GET', '/v1/model-aliases', other)).body.data).toEqual([]);
    await aliases.untilServed(processes, [{ model: 'bot-v1', weight: 100 }]);
    expect((await aliases.complete(processes[0], 'support-bot', other)).status).toBe(404);
    expect((await aliases.serving(processes[1], 'GET', '/v1/models/support-bot', other)).status).toBe(404);
  });

  it('finishes a stream on the version it began on, and serves a change and a rollback from both processes within seconds', async () => {
    const stream = await aliases.openStream(processes[0], 'support-bot', { prompt: 'the cat', max_tokens: 500, n: 16, temperature: 1, seed: 4 });
    expect(stream.firstModel).toBe('bot-v1');

    const promoted = await aliases.training('PUT', '/v1/model-aliases/support-bot', aliases.key.key, { targets: [{ modelId: v2.id, weight: 100 }] });
    expect(promoted.body.revision).toBe(2);
    const promotedIn = await aliases.untilServed(processes, [{ model: 'bot-v2', weight: 100 }]);
    const switchedAt = Date.now();
    const finished = await stream.rest();
    console.info(`alias change served by both processes in ${promotedIn} ms; the stream ended ${finished.endedAt - switchedAt} ms after that`);
    expect(promotedIn).toBeLessThan(PROPAGATION_BOUND_MS);
    // The stream was still running when both processes served v2, and every chunk of it came from v1.
    expect(finished.endedAt).toBeGreaterThan(switchedAt);
    expect(finished.models).toEqual(['bot-v1']);
    for (const process of processes) expect((await aliases.complete(process, 'support-bot')).model).toBe('bot-v2');
    expect(await aliases.usageModels([stream.requestId])).toEqual({ [stream.requestId]: 'bot-v1' });

    const rolledBack = await aliases.training('POST', '/v1/model-aliases/support-bot/rollback', aliases.key.key);
    expect([rolledBack.status, rolledBack.body.revision, rolledBack.body.targets]).toEqual([200, 3, [{ modelId: v1.id, weight: 100 }]]);
    const started = Date.now();
    await Promise.all(
      processes.map((process) =>
        waitUntil(() => aliases.complete(process, 'support-bot'), (answer) => answer.model === 'bot-v1', { timeoutMs: 30_000, intervalMs: 100, what: 'the rollback served' }),
      ),
    );
    const rollbackIn = Date.now() - started;
    console.info(`rollback answered by both processes in ${rollbackIn} ms`);
    expect(rollbackIn).toBeLessThan(PROPAGATION_BOUND_MS);
  });

  it('splits calls by the canary weight on both processes, and usage names the version that answered', async () => {
    const canary = [{ modelId: v1.id, weight: 100 - CANARY_WEIGHT }, { modelId: v2.id, weight: CANARY_WEIGHT }];
    expect((await aliases.training('PUT', '/v1/model-aliases/support-bot', aliases.key.key, { targets: canary })).status).toBe(200);
    await aliases.untilServed(processes, [{ model: 'bot-v1', weight: 100 - CANARY_WEIGHT }, { model: 'bot-v2', weight: CANARY_WEIGHT }]);

    const answers = await aliases.completeMany(processes, 'support-bot', CALLS);
    const onCanary = answers.filter((a) => a.model === 'bot-v2').length;
    console.info(`canary answered ${onCanary} of ${CALLS} calls (expected ${(CALLS * CANARY_WEIGHT) / 100} ± ${CANARY_BOUND.toFixed(1)})`);
    expect(answers.every((a) => a.model === 'bot-v1' || a.model === 'bot-v2')).toBe(true);
    expect(Math.abs(onCanary - (CALLS * CANARY_WEIGHT) / 100)).toBeLessThanOrEqual(CANARY_BOUND);
    for (const process of processes) {
      const served = answers.filter((a) => a.process === process);
      expect(served.some((a) => a.model === 'bot-v1') && served.some((a) => a.model === 'bot-v2')).toBe(true);
    }

    // Each request's usage row and its usage.recorded event name the version its answer came from.
    const recorded = await aliases.usageModels(answers.map((a) => a.id));
    expect(recorded).toEqual(Object.fromEntries(answers.map((a) => [a.id, a.model])));
    expect(await aliases.usageEventModels(answers.map((a) => a.id))).toEqual(recorded);

    // Embeddings resolve the alias the same way, and their usage names the version too.
    const embedded = await aliases.serving(processes[0], 'POST', '/v1/embeddings', aliases.key.key, { model: 'support-bot', input: 'the cat' });
    expect(['bot-v1', 'bot-v2']).toContain(embedded.body.model);
    const embeddingUsage = await aliases.servingRows<{ model: string }>(`SELECT model FROM usage_records WHERE request_id LIKE 'embd-%'`);
    expect(embeddingUsage).toEqual([{ model: embedded.body.model }]);

    const history = await aliases.training('GET', '/v1/model-aliases/support-bot/changes', aliases.key.key);
    expect(history.body.data.map((c: { revision: number; action: string; apiKeyId: string }) => [c.revision, c.action, c.apiKeyId])).toEqual([
      [4, 'set', aliases.key.apiKeyId],
      [3, 'rollback', aliases.key.apiKeyId],
      [2, 'set', aliases.key.apiKeyId],
      [1, 'set', aliases.key.apiKeyId],
    ]);
    const listed = await aliases.serving(processes[1], 'GET', '/v1/models', aliases.key.key);
    expect(listed.body.data.map((m: { id: string }) => m.id).sort()).toEqual(['bot-v1', 'bot-v2', 'support-bot']);
  });

  it('deletes an alias: every process answers 404 for it within seconds, and the name can be set again from revision 1', async () => {
    const put = () => aliases.training('PUT', '/v1/model-aliases/old-bot', aliases.key.key, { targets: [{ modelId: v2.id, weight: 100 }] });
    expect((await put()).status).toBe(200);
    await Promise.all(processes.map((process) => waitUntil(() => aliases.complete(process, 'old-bot'), (a) => a.model === 'bot-v2', { timeoutMs: 30_000, intervalMs: 100, what: 'old-bot served' })));
    expect((await aliases.training('DELETE', '/v1/model-aliases/old-bot', aliases.otherKey.key)).status).toBe(404);
    const deleted = await aliases.training('DELETE', '/v1/model-aliases/old-bot', aliases.key.key);
    expect([deleted.status, deleted.body.object, deleted.body.deleted]).toEqual([200, 'model.alias.deleted', true]);
    const started = Date.now();
    await Promise.all(processes.map((process) => waitUntil(() => aliases.complete(process, 'old-bot'), (a) => a.status === 404, { timeoutMs: 30_000, intervalMs: 100, what: 'old-bot gone' })));
    expect(Date.now() - started).toBeLessThan(PROPAGATION_BOUND_MS);
    expect((await aliases.training('GET', '/v1/model-aliases/old-bot', aliases.key.key)).status).toBe(404);
    expect((await aliases.training('DELETE', '/v1/model-aliases/old-bot', aliases.key.key)).status).toBe(404);
    // support-bot is untouched.
    expect((await aliases.complete(processes[1], 'support-bot')).status).toBe(200);
    const again = await put();
    expect([again.status, again.body.revision]).toEqual([200, 1]);
    await Promise.all(processes.map((process) => waitUntil(() => aliases.complete(process, 'old-bot'), (a) => a.model === 'bot-v2', { timeoutMs: 30_000, intervalMs: 100, what: 'old-bot served again' })));
  });
});
