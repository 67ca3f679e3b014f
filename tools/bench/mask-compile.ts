/**
 * What the per-request bound on first-visit token-mask compilation (MASK_COMPILE_BUDGET_MS) means in states: an
 * 8,000-token BPE vocabulary trained on tinyshakespeare, walked greedily through schemas whose every position is a
 * new grammar state (a fixed-length string; an enum of long values), each state's compilation timed. Prints one JSON
 * line. Run: node -r @swc-node/register tools/bench/mask-compile.ts
 */
import { readFileSync } from 'node:fs';
import { trainBpe } from '../../libs/tokenizer/src';
import { JsonSchemaConstraint, SchemaMasks } from '../../apps/serving-service/src/openai/constraints/json-constraint';
import { compileSchema } from '../../apps/serving-service/src/openai/constraints/json-schema-nodes';
import { MaskCompileBudget } from '../../apps/serving-service/src/openai/constraints/mask-compile-budget';
import { MASK_COMPILE_BUDGET_MS } from '../../apps/serving-service/src/openai/output-grammar';
import { median, nowMs } from './generate/timing';
import { SHAKESPEARE_PATH } from './tokenizer-corpus';

const SCHEMAS: Record<string, unknown> = {
  fixedString200: { type: 'object', properties: { code: { type: 'string', minLength: 200, maxLength: 200 } }, required: ['code'] },
  enum256: { enum: Array.from({ length: 256 }, (_, i) => `value-${i}-${'x'.repeat(i % 40)}`) },
};

async function main(): Promise<void> {
  const corpus = readFileSync(SHAKESPEARE_PATH, 'utf8');
  const trainStart = nowMs();
  const tokenizer = await trainBpe([corpus], { vocabSize: 8000, minFrequency: 2 });
  const trainMs = nowMs() - trainStart;
  const eos = tokenizer.eosTokenId as number;
  const results: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    const masks = new SchemaMasks(compileSchema(schema), tokenizer, [eos]);
    const perState: number[] = [];
    let spent = 0;
    let statesInBudget = 0;
    const constraint = new JsonSchemaConstraint(masks);
    for (let step = 0; step < 400; step++) {
      const started = nowMs();
      const allowed = constraint.allowedTokens(1000);
      const ms = nowMs() - started;
      perState.push(ms);
      spent += ms;
      if (spent <= MASK_COMPILE_BUDGET_MS) statesInBudget++;
      // The longest allowed token that is not the end: the fewest steps, each a new state.
      let token = -1;
      for (let id = 0; id < allowed.length; id++) if (allowed[id] && id !== eos && (token < 0 || tokenizer.tokenBytes(id).length < tokenizer.tokenBytes(token).length)) token = id;
      if (token < 0) break;
      constraint.accept(token);
    }
    // The same walk under the budget, from a fresh schema (nothing cached): when and how it stops.
    const bounded = new SchemaMasks(compileSchema(schema), tokenizer, [eos]);
    const budget = new MaskCompileBudget(MASK_COMPILE_BUDGET_MS, (ms) => new Error(`${ms.toFixed(0)} ms`));
    const limited = new JsonSchemaConstraint(bounded, budget);
    const start = nowMs();
    let steps = 0;
    while (steps < 400) {
      const allowed = limited.allowedTokens(1000);
      if (limited.failure()) break;
      const token = allowed.findIndex((on, id) => on === 1 && id !== eos);
      if (token < 0) break;
      limited.accept(token);
      steps++;
    }
    results[name] = {
      states: perState.length,
      state_ms_median: Number(median(perState).toFixed(2)),
      state_ms_max: Number(Math.max(...perState).toFixed(2)),
      walk_ms: Number(spent.toFixed(0)),
      states_within_budget: statesInBudget,
      bounded: { steps, failed_after_ms: Number((nowMs() - start).toFixed(0)), error: limited.failure()?.message ?? null },
    };
  }
  console.log(JSON.stringify({ bench: 'mask-compile', vocab: tokenizer.vocabSize, budget_ms: MASK_COMPILE_BUDGET_MS, train_ms: Math.round(trainMs), ...results }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
