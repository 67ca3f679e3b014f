import { BatchedDecoder, InferenceModel, sessionCache } from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';
import { exportTestModel, temporaryDirectory } from '../../../../../libs/model-runtime/src/inference/testing/model-directory-fixture';
import { BYTE_LEVEL_VOCAB_SIZE, END_OF_TEXT_ID } from '../../../../../libs/model-runtime/src/inference/testing/byte-level-tokenizer';
import { randomParams, tinyConfig } from '../../../../../libs/model-runtime/src/inference/testing/tiny-model';
import { BatchScheduler } from '../../engine/batch-scheduler';
import { GenerationRun, RunResult, RunSpec } from '../../engine/generation-run';
import { JsonSchemaConstraint, SchemaMasks } from './json-constraint';
import { compileSchema } from './json-schema-nodes';
import { MaskCompileBudget } from './mask-compile-budget';

/** A schema whose every character position is a state of its own: a string of exactly 12 bytes. */
const FIXED = { type: 'object', properties: { code: { type: 'string', minLength: 12, maxLength: 12 } }, required: ['code'] };
const budgetOf = (limitMs: number) => new MaskCompileBudget(limitMs, (spent) => new Error(`spent ${spent.toFixed(3)} ms of ${limitMs}`));

/** Walks greedily (the lowest allowed id) until the constraint allows only the end; returns the tokens taken. */
function walk(constraint: JsonSchemaConstraint, masks: SchemaMasks, steps: number): number[] {
  const taken: number[] = [];
  for (let i = 0; i < steps; i++) {
    const allowed = constraint.allowedTokens(1000);
    if (allowed === masks.endOnly) break;
    const token = allowed.findIndex((on, id) => on === 1 && id !== END_OF_TEXT_ID);
    if (token < 0) break;
    constraint.accept(token);
    taken.push(token);
  }
  return taken;
}

describe('MaskCompileBudget', () => {
  const fixture = temporaryDirectory();
  const config = tinyConfig({ vocabSize: BYTE_LEVEL_VOCAB_SIZE, contextLength: 64 });
  let tokenizer: Tokenizer;
  let model: InferenceModel;

  beforeAll(async () => {
    exportTestModel(fixture.dir, config, randomParams(config, 4));
    [tokenizer, model] = await Promise.all([Tokenizer.load(fixture.dir), InferenceModel.load(fixture.dir)]);
  });
  afterAll(async () => {
    await sessionCache.clear();
    fixture.remove();
  });

  it('stops compiling new states once spent, allowing only the end and saying why; compiled states stay cached for the next request', () => {
    const masks = new SchemaMasks(compileSchema(FIXED), tokenizer, [END_OF_TEXT_ID]);
    // A budget any one state's compilation spends: the first state compiles, the second does not.
    const first = new JsonSchemaConstraint(masks, budgetOf(1e-9));
    expect(walk(first, masks, 40)).toHaveLength(1);
    expect(first.allowedTokens(1000)).toBe(masks.endOnly);
    expect(first.failure()?.message).toMatch(/^spent \d+\.\d+ ms of 1e-9$/);
    // The same request's next choice shares the spent budget; a new request walks the cached states for free.
    expect(walk(new JsonSchemaConstraint(masks, budgetOf(1e-9)), masks, 40)).toHaveLength(2);
    const unbounded = new JsonSchemaConstraint(masks);
    const whole = walk(unbounded, masks, 40);
    expect(tokenizer.decode(whole)).toMatch(/^\{"code":"[^"]{12}"\}$/);
    expect(unbounded.failure()).toBeUndefined();
    // With every state cached, even a spent budget costs nothing.
    expect(walk(new JsonSchemaConstraint(masks, budgetOf(0)), masks, 40)).toEqual(whole);
  });

  it('fails only the request whose budget ran out; a request sharing its batch completes', async () => {
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), { maxBatchSize: 4, maxQueuedRequests: 4, maxQueuedTokens: 1000, prefillTokensPerStep: 64, joinEverySteps: 1 });
    const masks = new SchemaMasks(compileSchema({ ...FIXED, properties: { other: FIXED.properties.code } , required: ['other'] }), tokenizer, [END_OF_TEXT_ID]);
    const budget = budgetOf(1e-9);
    const spec = (constraint?: () => JsonSchemaConstraint): RunSpec => ({
      prompt: [10, 20, 30],
      maxNewTokens: 24,
      choices: 1,
      temperature: 0,
      topP: 1,
      stops: [],
      eosTokenIds: [END_OF_TEXT_ID],
      decode: (ids) => tokenizer.decode(ids),
      textStream: () => tokenizer.createStreamDecoder(),
      constraint,
      share: { tenantId: 't', weight: 1, maxSequences: 4 },
    });
    const listener = { onText: () => undefined, onFinish: () => undefined };
    const constrained = new GenerationRun(spec(() => new JsonSchemaConstraint(masks, budget)), listener);
    const free = new GenerationRun(spec(), listener);
    constrained.start(scheduler);
    free.start(scheduler);
    const [failed, completed]: RunResult[] = await Promise.all([constrained.done, free.done]);
    expect(failed).toMatchObject({ outcome: 'failed', error: { message: expect.stringMatching(/^spent .* ms of 1e-9$/) } });
    expect(completed).toMatchObject({ outcome: 'completed', completionTokens: 24 });
  });
});
