import { TOPICS } from '@llmchain/contracts';
import { generate, InferenceModel } from '@llmchain/model-runtime';
import { waitUntil } from '@llmchain/testing';
import { Tokenizer } from '@llmchain/tokenizer';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ServingHarness, TenantKey } from './serving-harness';
import { exportTinyModel } from './tiny-model';

const BLOCK = 8;
/** A "system prompt" of 5 whole blocks, then each request's own question: token ids, so the test knows the prompt exactly. */
const system = Array.from({ length: 5 * BLOCK + 3 }, (_, i) => (i * 37 + 11) % 280);
const questions = [[5, 6, 7], [40, 41], [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 12], [100], [250, 251, 252, 253]];

/**
 * Prefix caching through HTTP (greedy answers equal an uncached run of the runtime on the same model directory),
 * a plan's concurrency limit from quota.updated v2, and per-tenant /metrics with a capped label set.
 */
describe('serving-service prefix cache and tenants', () => {
  const harness = new ServingHarness();
  const artifactKey = `models/${randomUUID()}`;
  let owner: TenantKey;
  let reference: { model: InferenceModel; tokenizer: Tokenizer };

  /** The one model directory, registered as the tenant's own `tiny-prefix`; waits until it answers the tenant. */
  async function serveTo(tenant: TenantKey): Promise<void> {
    await harness.announceModel(tenant.tenantId, 'tiny-prefix', artifactKey);
    const ready = () => harness.client(tenant.key).completions.create({ model: 'tiny-prefix', prompt: 'the', max_tokens: 1 }).then(() => true, () => false);
    await waitUntil(ready, Boolean, { timeoutMs: 60_000, what: `tiny-prefix ready for ${tenant.tenantId}` });
  }

  beforeAll(async () => {
    await harness.start({ PREFIX_CACHE_BLOCK_TOKENS: String(BLOCK), METRICS_TENANT_LABELS: '2' });
    owner = await harness.issueKey();
    await exportTinyModel(harness.modelsDir, artifactKey);
    const dir = path.join(harness.modelsDir, artifactKey);
    reference = { model: await InferenceModel.load(dir), tokenizer: await Tokenizer.load(dir) };
    await serveTo(owner);
  });
  afterAll(() => harness.teardown());

  /** The runtime's own greedy answer, without any prefix cache: the independent truth. */
  async function uncached(prompt: number[], maxTokens: number): Promise<string> {
    const eos = reference.model.tokens.eosTokenId;
    const { tokens } = await generate(reference.model, prompt, { maxNewTokens: maxTokens, temperature: 0, eosTokenIds: [eos] });
    return reference.tokenizer.decode(tokens.filter((t) => t !== eos), { skipSpecialTokens: true });
  }

  it('answers prompts sharing a prefix from the cache, greedily identical to uncached runs, joining a running batch', async () => {
    const client = harness.client(owner.key);
    const ask = (prompt: number[], maxTokens: number) =>
      client.completions.create({ model: 'tiny-prefix', prompt, max_tokens: maxTokens, temperature: 0 }).then((r) => r.choices[0].text);
    const hits = () => harness.metric('serving_prefix_cache_prompt_tokens_total{model="tiny-prefix",result="hit"}');
    const first = await ask([...system, ...questions[0]], 24);
    const hitsBefore = await hits();
    // A long answer runs while the others join its batch, each finding the system prompt's blocks.
    const answers = await Promise.all([ask([...system, ...questions[1]], 60), ...questions.slice(2).map((q) => ask([...system, ...q], 16))]);
    expect(await hits()).toBeGreaterThanOrEqual(hitsBefore + 4 * 5 * BLOCK);
    expect(first).toBe(await uncached([...system, ...questions[0]], 24));
    expect(answers).toEqual(await Promise.all([uncached([...system, ...questions[1]], 60), ...questions.slice(2).map((q) => uncached([...system, ...q], 16))]));
    // A chat's next turn: the first turn's prompt and answer come back as its prefix.
    const firstTurnIds = reference.tokenizer.encode(first, { allowedSpecial: 'none' });
    const nextTurn = [...system, ...questions[0], ...firstTurnIds, 3, 4];
    expect(await ask(nextTurn, 12)).toBe(await uncached(nextTurn, 12));
    expect(Number(await harness.metric('serving_prefix_cache_bytes{model="tiny-prefix"}'))).toBeGreaterThan(0);
  });

  it("holds a tenant to its plan's concurrent sequences from quota.updated v2, and labels it in /metrics", async () => {
    const capped = await harness.issueKey();
    await harness.publish(
      TOPICS.quotaUpdated,
      { tenantId: capped.tenantId, remainingIncludedTokens: 1_000_000, hardStop: false, requestsPerMinute: 600, tokensPerMinute: 1_000_000, schedulingWeight: 2, maxConcurrentSequences: 1 },
      capped.tenantId,
      2,
    );
    await waitUntil(() => harness.rows<{ n: number }>('SELECT max_concurrent_sequences AS n FROM tenant_quotas WHERE tenant_id = $1', [capped.tenantId]), (rows) => rows[0]?.n === 1, {
      what: 'quota.updated v2 stored',
    });
    await serveTo(capped);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the limits cache reads the table at most once a second
    const client = harness.client(capped.key);
    const promptTokensBefore = await harness.metric(`serving_tenant_tokens_total{tenant="${capped.tenantId}",kind="prompt"}`);
    const queuedBefore = await harness.metric(`serving_tenant_queue_seconds_count{tenant="${capped.tenantId}"}`);
    const series = (state: string) => `serving_tenant_sequences{tenant="${capped.tenantId}",state="${state}"}`;
    let mostRunning = 0;
    let sawWaiting = false;
    let done = false;
    const requests = Promise.all(
      [0, 1, 2].map((i) => client.completions.create({ model: 'tiny-prefix', prompt: [...system, i], max_tokens: 80, temperature: 0 })),
    ).finally(() => (done = true));
    while (!done) {
      const [running, waiting] = [await harness.metric(series('running')), await harness.metric(series('waiting'))];
      mostRunning = Math.max(mostRunning, running);
      sawWaiting ||= waiting > 0;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await requests;
    expect(mostRunning).toBe(1);
    expect(sawWaiting).toBe(true);
    expect(await harness.metric(`serving_tenant_tokens_total{tenant="${capped.tenantId}",kind="prompt"}`)).toBe(promptTokensBefore + 3 * (system.length + 1));
    expect(await harness.metric(`serving_tenant_queue_seconds_count{tenant="${capped.tenantId}"}`)).toBe(queuedBefore + 3);
    // METRICS_TENANT_LABELS is 2 (the owner and this tenant): a third tenant is counted under "other".
    const third = await harness.issueKey();
    await serveTo(third);
    const text = await (await fetch(`${harness.serving.baseUrl}/metrics`)).text();
    const labelled = new Set([...text.matchAll(/^serving_tenant_tokens_total\{tenant="([^"]*)"/gm)].map((m) => m[1]));
    expect(labelled).toEqual(new Set([owner.tenantId, capped.tenantId, 'other']));
    // Nothing outgrew the default key/value cache budget, and the counter says so by reason.
    expect(text).toMatch(/^serving_preemptions_total\{model="tiny-prefix",reason="kv_cache_budget"\} 0$/m);
  });
});
