import { runChain, ChainResult } from '../../tools/main-job/chain/run-chain';
import { ADMIN, ChainStack } from './chain-stack';

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
    expect(Number(result.invoice.totalMinor)).toBeGreaterThan(0);
    expect(result.invoice.lines.length).toBeGreaterThan(0);
  });
});
