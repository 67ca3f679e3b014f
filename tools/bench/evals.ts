/**
 * Eval-run throughput: training-service and one worker on loopback (fresh databases, Kafka namespace), the committed
 * tiny Llama fixture imported as the model, and one eval of N items run three ways: (a) text criteria only
 * (string_check, BLEU, ROUGE-L, fuzzy match: no model call), (b) the model answers each item (16 new tokens, greedy,
 * decoded 8 items a batch) and string_check grades it, (c) 4-way log-likelihood multiple choice. Items/s is items over
 * the run's own started_at → finished_at in the database (queueing and model loading excluded: the model is loaded
 * by a warm-up run first).
 *
 *   npm run bench:evals [-- --quick]
 *
 * Prints a table and, as the last line, {"bench":"evals","items":…,"items_per_s":{"text":…,"generate":…,"multiple_choice":…},"loadavg":[…]}
 */
import { waitUntil } from '@llmchain/testing';
import { copyFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evalDatasetVersion } from '../../tests/training/eval-dataset';
import { Tenant, TrainingHarness } from '../../tests/training/training-harness';

const quick = process.argv.includes('--quick');
const ITEMS = quick ? 40 : 400;
const LLAMA = path.join(__dirname, '../../libs/model-runtime/src/__fixtures__/hf/llama');
const HF_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors'];
const CHOICES = ['red', 'green', 'blue', 'yellow'];

const item = (i: number) => ({
  id: `bench-${i}`,
  text: `item ${i}`,
  metadata: { question: `Which colour comes after number ${i} in the list?`, choices: CHOICES, answer: CHOICES[i % 4], expected: 'blue', reference: `the answer to question ${i} is blue` },
});

const SETUPS = {
  text: {
    criteria: [
      { type: 'string_check', name: 'eq', input: '{{item.answer}}', reference: '{{item.expected}}', operation: 'eq' },
      { type: 'text_similarity', name: 'bleu', input: 'the answer is {{item.answer}}', reference: '{{item.reference}}', evaluation_metric: 'bleu', pass_threshold: 0.3 },
      { type: 'text_similarity', name: 'rouge', input: 'the answer is {{item.answer}}', reference: '{{item.reference}}', evaluation_metric: 'rouge_l', pass_threshold: 0.3 },
      { type: 'text_similarity', name: 'fuzzy', input: 'the answer is {{item.answer}}', reference: '{{item.reference}}', evaluation_metric: 'fuzzy_match', pass_threshold: 0.3 },
    ],
    prompt: undefined,
  },
  generate: {
    criteria: [{ type: 'string_check', name: 'mentions', input: '{{sample.output_text}}', reference: '{{item.expected}}', operation: 'ilike' }],
    prompt: 'Q: {{item.question}}\nA:',
  },
  multiple_choice: {
    criteria: [{ type: 'multiple_choice', name: 'mc', context: 'Question: {{item.question}}\nAnswer:', choices: '{{item.choices}}', answer: '{{item.answer}}' }],
    prompt: undefined,
  },
} as const;

async function main(): Promise<void> {
  const harness = new TrainingHarness();
  await harness.start();
  try {
    const tenant: Tenant = await harness.tenant();
    const call = <T>(method: string, route: string, body?: unknown) => harness.call<T>(harness.training, tenant, method, route, body);
    const folder = path.join(harness.blobDir, 'blobs', 'tenants', tenant.tenantId, 'uploads', 'tiny-llama');
    mkdirSync(folder, { recursive: true });
    for (const file of HF_FILES) copyFileSync(path.join(LLAMA, file), path.join(folder, file));
    const started = await call<{ id: string }>('POST', '/v1/models/imports', { blob_key: `tenants/${tenant.tenantId}/uploads/tiny-llama` });
    const imported = await waitUntil(
      async () => (await call<{ status: string; modelId: string }>('GET', `/v1/models/imports/${started.body.id}`)).body,
      (i) => i.status === 'succeeded' || i.status === 'failed',
      { timeoutMs: 300_000, what: 'the model import' },
    );
    const versionId = await evalDatasetVersion(harness, tenant, Array.from({ length: ITEMS }, (_, i) => item(i)));
    const run = async (setup: (typeof SETUPS)[keyof typeof SETUPS]) => {
      const created = await call<{ id: string }>('POST', '/v1/evals', { name: 'bench', data_source_config: { type: 'dataset_version', dataset_version_id: versionId }, testing_criteria: setup.criteria });
      const source = { type: 'completions', model: imported.modelId, ...(setup.prompt ? { input_messages: { type: 'template', template: setup.prompt } } : {}), sampling_params: { max_completion_tokens: 16 } };
      const queued = await call<{ id: string }>('POST', `/v1/evals/${created.body.id}/runs`, { data_source: source });
      if (queued.status !== 201) throw new Error(`run refused: ${JSON.stringify(queued.body)}`);
      await waitUntil(async () => (await call<{ status: string }>('GET', `/v1/evals/${created.body.id}/runs/${queued.body.id}`)).body.status, (s) => ['succeeded', 'failed', 'cancelled'].includes(s), {
        timeoutMs: 1_800_000,
        what: 'the eval run',
      });
      const [row] = await harness.trainingRows<{ status: string; ms: number }>(
        'SELECT status, EXTRACT(EPOCH FROM finished_at - started_at) * 1000 AS ms FROM eval_runs WHERE id = $1',
        [queued.body.id],
      );
      if (row.status !== 'succeeded') throw new Error(`run ${queued.body.id} ended ${row.status}`);
      return ITEMS / (Number(row.ms) / 1000);
    };
    await run(SETUPS.multiple_choice); // warm-up: the model's directory is fetched and its session loaded
    const loadBefore = os.loadavg();
    const itemsPerS: Record<string, number> = {};
    for (const [name, setup] of Object.entries(SETUPS)) itemsPerS[name] = Number((await run(setup)).toFixed(1));
    const loadavg = os.loadavg().map((l, i) => Number(((l + loadBefore[i]) / 2).toFixed(2)));
    console.log(`| run | items | items/s |\n|---|---:|---:|`);
    for (const [name, rate] of Object.entries(itemsPerS)) console.log(`| ${name} | ${ITEMS} | ${rate} |`);
    console.log(`load average (1/5/15 min, mean of before and after): ${loadavg.join(' / ')}`);
    console.log(JSON.stringify({ bench: 'evals', items: ITEMS, items_per_s: itemsPerS, loadavg }));
  } finally {
    await harness.teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
