import { waitUntil } from '@llmchain/testing';
import OpenAI from 'openai';
import { runChain, ChainResult } from '../../tools/main-job/chain/run-chain';
import { demoPlan } from '../../tools/main-job/chain/tenant-setup';
import { ADMIN, ChainStack } from './chain-stack';
import { walkLineage } from './lineage-walk';

/**
 * What the demo plan's invoice comes to for a tenant subscribed today with this usage, worked out here from the plan's
 * published terms rather than by billing's calculator: the monthly fee prorated by the days left in the UTC month
 * (rounded half up), included tokens prorated (rounded down) and drawn by prompt, completion, then training tokens, the
 * rest at each meter's first-tier price per 1,000 tokens, each line rounded half up.
 */
function demoInvoiceTotal(today: Date, usage: { prompt: number; completion: number; training: number }): number {
  const plan = demoPlan('terms');
  const daysInMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 0)).getUTCDate();
  const days = daysInMonth - today.getUTCDate() + 1;
  let included = Math.floor((plan.includedTokens * days) / daysInMonth);
  let total = Math.round((plan.monthlyFeeMinor * days) / daysInMonth);
  for (const meter of ['prompt', 'completion', 'training'] as const) {
    const [tier] = plan.prices[meter];
    expect(tier.upToTokens === null || usage[meter] <= tier.upToTokens).toBe(true); // the first tier prices it all
    const drawn = Math.min(usage[meter], included);
    included -= drawn;
    total += Math.round(((usage[meter] - drawn) * tier.unitPricePer1kMinor) / 1000);
  }
  return total;
}

/**
 * The main job's chain as a test, on a smaller corpus and model: tenant, corpus, cleaning, tokenizer and GPT training,
 * registration, serving (one streamed completion), metering and the invoice, all through the public APIs.
 */
describe('the whole chain', () => {
  const chain = new ChainStack();
  let result: ChainResult;

  beforeAll(async () => {
    await chain.start();
    const started = Date.now();
    result = await runChain({
      urls: {
        data: chain.baseUrl('data-service'),
        training: chain.baseUrl('training-service'),
        serving: chain.baseUrl('serving-service'),
        billing: chain.baseUrl('billing-service'),
      },
      admin: ADMIN,
      label: 'e2e',
      corpusBytes: 60_000,
      seed: 5,
      training: {
        model: { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 },
        hyperparameters: { steps: 30, batchSize: 8, learningRate: 0.005, checkpointEvery: 10 },
      },
      prompt: 'The ',
      maxTokens: 16,
      out: null,
    });
    process.stdout.write(`whole chain: ${((Date.now() - started) / 1000).toFixed(1)} s (${result.timings.map((t) => `${t.step} ${t.ms} ms`).join('; ')})\n`);
  });
  afterAll(() => chain.teardown());

  it('cleans the uploaded corpus into a dataset version', () => {
    const report = result.cleaned.report;
    expect(report.documentsOut).toBeGreaterThan(0);
    expect(report.documentsOut).toBeLessThan(report.documentsIn);
    expect(report.duplicateClusterCount).toBeGreaterThan(0);
  });

  it('trains and registers a model whose loss fell', () => {
    expect(result.model.job).toMatchObject({ status: 'succeeded', trainedTokens: 30 * 8 * 32 });
    const curve = result.model.lossCurve;
    expect(curve.length).toBeGreaterThan(0);
    expect(curve[curve.length - 1].loss).toBeLessThan(Math.log(320));
  });

  it('serves the model to the official openai client, streamed and not', () => {
    expect(result.completions.completion.length).toBeGreaterThan(0);
    expect(result.completions.streamed.length).toBeGreaterThan(0);
    expect(result.completions.usage.completion).toBeGreaterThan(0);
  });

  it('meters exactly the training and serving usage and prices it on the invoice', () => {
    expect(Number(result.usage.totals.training)).toBe(30 * 8 * 32);
    expect(Number(result.usage.totals.prompt)).toBe(result.servingUsage.prompt);
    expect(Number(result.usage.totals.completion)).toBe(result.servingUsage.completion);
    expect(result.usage.byModel.map((m) => m.model)).toContain(result.model.modelName);
    const usage = { prompt: result.servingUsage.prompt, completion: result.servingUsage.completion, training: 30 * 8 * 32 };
    expect(Number(result.invoice.totalMinor)).toBe(demoInvoiceTotal(new Date(), usage));
  });

  it('walks back from the invoice through usage events, model, training job, dataset version and cleaning decisions to the upload', async () => {
    const lineage = await walkLineage(chain, result);
    const requestsAnswered = 3; // the load probe, the completion and the streamed one
    expect(lineage.servingEntries).toHaveLength(requestsAnswered);
    expect(lineage.servingEntries.every((e) => e.eventType === 'usage.recorded' && e.requestId && e.model === result.model.modelName)).toBe(true);
    expect(lineage.servingEntries.reduce((sum, e) => sum + Number(e.tokens.completion), 0)).toBe(result.servingUsage.completion);
    expect(lineage.trainingEntries).toHaveLength(1);
    // The trained model is metered under the name its requests are: one model, one label in usage.
    expect(lineage.trainingEntries[0]).toMatchObject({ eventType: 'training.job.completed', trainingJobId: result.model.job.id, model: result.model.modelName });
    for (const entry of [...lineage.servingEntries, ...lineage.trainingEntries]) {
      for (const line of entry.lines) expect(lineage.invoice.lines[line.position]).toBeDefined();
    }

    expect(lineage.modelByName).toMatchObject({ id: result.model.modelId, jobId: result.model.job.id });
    expect(lineage.job).toMatchObject({ modelId: result.model.modelId, datasetVersionId: result.cleaned.datasetVersionId });
    expect(lineage.version.lineage.cleaningRunId).toBe(result.cleaned.cleaningRunId);
    expect(lineage.decisions).toHaveLength(result.cleaned.report.documentsIn);
    const removed = lineage.decisions.filter((d) => d.status === 'removed');
    expect(removed.length).toBe(result.cleaned.report.documentsIn - result.cleaned.report.documentsOut);
    const duplicate = removed.find((d) => d.duplicateOf)!;
    expect(lineage.decisions.find((d) => d.documentId === duplicate.duplicateOf)?.status).not.toBe('removed');
    expect(lineage.corpus).toMatchObject({ id: result.corpus.corpusId, sha256: result.corpus.sha256 });
    expect(lineage.version.lineage.sourceCorpora[0].sha256).toBe(result.corpus.sha256);
  });

  it('stops serving the tenant once billing moves it to a hard quota it has used up (quota.updated, billing → serving)', async () => {
    const admin = { token: chain.adminToken };
    const hard = { ...demoPlan('e2e-hard'), includedTokens: 1_000, quotaMode: 'hard' };
    const plan = await chain.expectOk<{ id: string }>('billing-service', 'POST', '/admin/plans', { ...admin, json: hard });
    await chain.expectOk('billing-service', 'PUT', `/admin/tenants/${result.tenant.tenantId}/subscription`, { ...admin, json: { planId: plan.id } });
    const openai = new OpenAI({ baseURL: `${chain.baseUrl('serving-service')}/v1`, apiKey: result.tenant.key, maxRetries: 0 });
    const ask = () => openai.completions.create({ model: result.model.modelName, prompt: 'The ', max_tokens: 4 }).then(() => null, (error: { status?: number; code?: string }) => error);
    const refused = await waitUntil(ask, (error) => error !== null, { timeoutMs: 30_000, intervalMs: 200, what: 'serving to apply the hard stop' });
    expect(refused).toMatchObject({ status: 429, code: 'insufficient_quota' });
    // Billing's own view agrees: nothing left of the included tokens, and the stop is on.
    const quota = await chain.expectOk<{ hardStop: boolean; remainingIncludedTokens: string | number }>('billing-service', 'GET', '/v1/quota', { token: result.tenant.key });
    expect({ hardStop: quota.hardStop, remaining: Number(quota.remainingIncludedTokens) }).toEqual({ hardStop: true, remaining: 0 });
  });
});
