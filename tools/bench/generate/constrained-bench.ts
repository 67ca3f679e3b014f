import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BatchedDecoder, InferenceModel, initParams, SequenceRequest, sessionCache, TokenConstraint } from '../../../libs/model-runtime/src';
import { Tokenizer } from '../../../libs/tokenizer/src';
import { JsonSchemaConstraint } from '../../../apps/serving-service/src/openai/constraints/json-constraint';
import { schemaMasks } from '../../../apps/serving-service/src/openai/constraints/schema-masks-cache';
import { benchConfig, exportBenchModel } from './bench-model';
import { median, nowMs } from './timing';

/** A realistic structured output: an order with line items (strings, bounded integers, enums, nested arrays). */
const ORDER = {
  type: 'object',
  properties: {
    customer: { type: 'string', maxLength: 40 },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string', maxLength: 30 }, quantity: { type: 'integer', minimum: 1, maximum: 1000 }, size: { enum: ['S', 'M', 'L'] } },
        required: ['name', 'quantity', 'size'],
      },
    },
    express: { type: 'boolean' },
  },
  required: ['customer', 'items', 'express'],
};
/**
 * Orders in a list longer than the bench's token budget: constrained sequences run as many tokens as free ones
 * (none ends early with a completed value), so the rates compare the cost of the mask alone.
 */
const ORDER_SCHEMA = { type: 'array', items: ORDER, minItems: 20 };

interface Run {
  tokS: number;
  /** Per second of this process's CPU time: less exposed than wall time to other processes on a shared host. */
  tokPerCpuS: number;
  tokens: number;
}

/**
 * Samples (temperature 1) every prompt for exactly `newTokens` through one BatchedDecoder (no end-of-sequence token,
 * so every row stays in the batch to the end, with a schema or without); tokens after the first, per second.
 */
async function timeDecode(model: InferenceModel, prompts: number[][], newTokens: number, temperature: number, constraint?: () => TokenConstraint): Promise<Run> {
  const decoder = new BatchedDecoder(model);
  const requests: SequenceRequest[] = prompts.map((prompt, i) => ({
    prompt,
    maxNewTokens: newTokens,
    temperature,
    seed: i + 1,
    eosTokenIds: [],
    constraint: constraint?.(),
  }));
  await decoder.addSequences(requests);
  const start = nowMs();
  const cpuAtStart = process.cpuUsage();
  let tokens = 0;
  while (decoder.activeCount > 0) tokens += (await decoder.step()).length;
  const cpu = process.cpuUsage(cpuAtStart);
  return { tokS: tokens / ((nowMs() - start) / 1000), tokPerCpuS: tokens / ((cpu.user + cpu.system) / 1e6), tokens };
}

/**
 * Decode tok/s with and without a JSON-schema constraint on the bench model (random weights: the rate, not the
 * text, is measured), at batch 1 and batch 8, interleaved rounds after one warm-up round. The first constrained
 * round, which compiles the masks, is reported on its own.
 */
export async function runConstrainedBench(options: { newTokens: number; rounds: number; promptLength: number; batch: number }, tokenizer: Tokenizer, heldOut: Int32Array): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const config = benchConfig(tokenizer.vocabSize);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llmchain-bench-constrained-'));
  try {
    exportBenchModel(dir, config, tokenizer, initParams(config, 3), ['fp32']);
    const model = await InferenceModel.load(dir);
    const eos = [model.tokens.eosTokenId];
    const prompt = (i: number) => Array.from(heldOut.subarray(1000 * i, 1000 * i + options.promptLength));
    const constraint = () => new JsonSchemaConstraint(schemaMasks(tokenizer, ORDER_SCHEMA, eos));
    const cold = await timeDecode(model, [prompt(1)], options.newTokens, 1, constraint);
    const batch = Array.from({ length: options.batch }, (_, i) => prompt(i + 1));
    // Sampling at temperature 1 sorts the vocabulary each draw, which a mask makes cheaper; greedy shows the mask's own cost.
    const cases = [
      { name: 'b1 free', prompts: [prompt(1)], constrained: false, temperature: 1 },
      { name: 'b1 json schema', prompts: [prompt(1)], constrained: true, temperature: 1 },
      { name: `b${options.batch} free`, prompts: batch, constrained: false, temperature: 1 },
      { name: `b${options.batch} json schema`, prompts: batch, constrained: true, temperature: 1 },
      { name: `b${options.batch} half and half`, prompts: batch, constrained: 'half' as const, temperature: 1 },
      { name: `b${options.batch} greedy free`, prompts: batch, constrained: false, temperature: 0 },
      { name: `b${options.batch} greedy schema`, prompts: batch, constrained: true, temperature: 0 },
    ];
    const runs: Run[][] = cases.map(() => []);
    for (let round = 0; round <= options.rounds; round++) {
      for (const [i, c] of cases.entries()) {
        let n = 0;
        const pick = c.constrained === 'half' ? () => (n++ % 2 === 0 ? constraint() : (undefined as unknown as TokenConstraint)) : c.constrained ? constraint : undefined;
        const run = await timeDecode(model, c.prompts, options.newTokens, c.temperature, pick);
        if (round > 0) runs[i].push(run);
      }
    }
    console.log(`constrained decoding: ${config.nLayer} layers, width ${config.nEmbd}, vocabulary ${tokenizer.vocabSize}; up to ${options.newTokens} new tokens, temperature 1 (and greedy), median of ${options.rounds} rounds`);
    console.log(`first constrained run (masks compiled as it goes): ${cold.tokS.toFixed(1)} tok/s over ${cold.tokens} tokens`);
    const figures = cases.map((c, i) => ({
      name: c.name,
      tokS: median(runs[i].map((r) => r.tokS)),
      tokPerCpuS: median(runs[i].map((r) => r.tokPerCpuS)),
      tokens: median(runs[i].map((r) => r.tokens)),
    }));
    for (const f of figures) console.log(`${f.name.padEnd(20)} ${f.tokS.toFixed(1).padStart(9)} tok/s  ${f.tokPerCpuS.toFixed(1).padStart(9)} tok/CPU-s  (${f.tokens} tokens)`);
    const slower = (free: number, constrained: number, rate: 'tokS' | 'tokPerCpuS') => `${((1 - figures[constrained][rate] / figures[free][rate]) * 100).toFixed(1)}%`;
    for (const rate of ['tokS', 'tokPerCpuS'] as const) {
      const b = options.batch;
      console.log(
        `constrained slower than free (${rate === 'tokS' ? 'wall' : 'CPU time'}): b1 ${slower(0, 1, rate)}, b${b} ${slower(2, 3, rate)}, ` +
          `half and half ${slower(2, 4, rate)}, b${b} greedy ${slower(5, 6, rate)} (target at most 15%)`,
      );
    }
    console.log(`${os.cpus().length} CPUs, 1-min load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`);
    console.log(JSON.stringify({ bench: 'generate-constrained', cold_tok_s: cold.tokS, ...Object.fromEntries(figures.map((f) => [f.name.replace(/ /g, '_'), { tok_s: f.tokS, tok_per_cpu_s: f.tokPerCpuS }])) }));
  } finally {
    await sessionCache.clear();
    rmSync(dir, { recursive: true, force: true });
  }
}
