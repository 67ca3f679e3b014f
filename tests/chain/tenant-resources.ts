import { TOPICS } from '@llmchain/contracts';
import { directoryArtifactSha256 } from '@llmchain/platform';
import { testKafka, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar-stream';
import { generateCorpus } from '../../tools/corpus-generator/generate-corpus';
import { exportTinyModel } from '../serving/tiny-model';
import { ChainStack, Tenant } from './chain-stack';

/** One resource of every kind a tenant can own, named by the ids the routes take. */
export type TenantResources = {
  tenantId: string;
  apiKeyId: string;
  corpusId: string;
  cleaningRunId: string;
  datasetVersionId: string;
  annotationProjectId: string;
  annotationTaskId: string;
  annotationId: string;
  planId: string;
  planCode: string;
  invoiceId: string;
  /** A credit grant and a soft budget of the tenant's. */
  creditGrantId: string;
  budgetId: string;
  tenantUserId: string;
  adminUserId: string;
  modelName: string;
  trainingJobId: string;
  trainedModelId: string;
  /** An alias (named after the seed, so two tenants' differ) on the trained model, set then moved to the adapter. */
  modelAliasName: string;
  /** A finished import of the tiny GPT-2 fixture (a tar upload). */
  importId: string;
  /** A LoRA adapter trained on that imported base, and a finished merge of it. */
  adapterModelId: string;
  mergeId: string;
  /** An eval on the dataset version, a finished run of it on the trained model, and one of the run's graded items. */
  evalId: string;
  evalRunId: string;
  evalOutputItemId: string;
  /** A Batch API input file and a batch run to the end on it. */
  batchFileId: string;
  batchId: string;
  /** A disabled webhook endpoint (so nothing is attempted while tests count rows) and one delivery it logged. */
  webhookEndpointId: string;
  webhookDeliveryId: string;
  /** A finished connector run: a one-row CSV import. */
  connectorRunId: string;
};

/** Makes one resource of every kind for the tenant, through the public APIs (and model.registered for its model). */
export async function seedTenantResources(chain: ChainStack, tenant: Tenant, seed: number): Promise<TenantResources> {
  const webhookEndpointId = await seedWebhookEndpoint(chain, tenant);
  const data = await seedData(chain, tenant, seed);
  const training = await seedTraining(chain, tenant, data.datasetVersionId);
  const billing = await seedInvoice(chain, tenant);
  const users = await seedUsers(chain, tenant);
  const modelName = await seedModel(chain, tenant);
  const evals = await seedEval(chain, tenant, data.datasetVersionId, training.trainedModelId);
  const importId = await seedImport(chain, tenant);
  const merge = await seedAdapterMerge(chain, tenant, data.datasetVersionId, importId);
  const batch = await seedBatch(chain, tenant, modelName);
  const modelAliasName = await seedModelAlias(chain, tenant, seed, [training.trainedModelId, merge.adapterModelId]);
  const connectorRunId = await seedConnectorRun(chain, tenant, seed);
  const webhookDeliveryId = await disableWithDelivery(chain, tenant, webhookEndpointId);
  return {
    tenantId: tenant.id,
    apiKeyId: tenant.keyId,
    ...data,
    ...training,
    ...billing,
    ...users,
    modelName,
    modelAliasName,
    importId,
    ...merge,
    ...evals,
    ...batch,
    webhookEndpointId,
    webhookDeliveryId,
    connectorRunId,
  };
}

/** An alias with two assignments (one to each version), so it has a change to roll back. */
async function seedModelAlias(chain: ChainStack, tenant: Tenant, seed: number, versions: string[]): Promise<string> {
  const name = `seed-alias-${seed}`;
  for (const modelId of versions) {
    await chain.expectOk('training-service', 'PUT', `/v1/model-aliases/${name}`, { token: tenant.key, json: { targets: [{ modelId, weight: 100 }] } });
  }
  return name;
}

/** A one-row CSV imported through the connector (its own text per seed, so two tenants' corpora differ). */
async function seedConnectorRun(chain: ChainStack, tenant: Tenant, seed: number): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([`text\nthe connector seed of tenant number ${seed}\n`]), 'seed.csv');
  const imported = await chain.expectUploaded<{ run: { id: string } }>('data-service', '/connectors/imports?format=csv&text=text', tenant.key, form);
  return imported.run.id;
}

/** A one-request batch input file (the openai client's multipart form) and a batch on it, waited for until completed. */
async function seedBatch(chain: ChainStack, tenant: Tenant, modelName: string): Promise<{ batchFileId: string; batchId: string }> {
  const line = { custom_id: 'seed', method: 'POST', url: '/v1/completions', body: { model: modelName, prompt: 'the cat', max_tokens: 2 } };
  const form = new FormData();
  form.append('purpose', 'batch');
  form.append('file', new Blob([`${JSON.stringify(line)}\n`]), 'seed.jsonl');
  const file = await chain.expectUploaded<{ id: string }>('serving-service', '/v1/files', tenant.key, form, [200, 201]);
  const token = { token: tenant.key };
  const batch = await chain.expectOk<{ id: string }>('serving-service', 'POST', '/v1/batches', {
    ...token,
    json: { input_file_id: file.id, endpoint: '/v1/completions', completion_window: '24h' },
  });
  await waitUntil(() => chain.expectOk<{ status: string }>('serving-service', 'GET', `/v1/batches/${batch.id}`, token), (b) => b.status === 'completed', {
    timeoutMs: 60_000,
    what: `batch ${batch.id} to complete`,
  });
  return { batchFileId: file.id, batchId: batch.id };
}

/** An endpoint for every event type, first, so the job, eval and invoice seeded next are delivered to it. */
async function seedWebhookEndpoint(chain: ChainStack, tenant: Tenant): Promise<string> {
  const token = { token: tenant.key };
  const types = await chain.expectOk<{ data: string[] }>('billing-service', 'GET', '/v1/webhooks/event-types', token);
  // The discard port on loopback: every attempt is refused, which logs a delivery all the same.
  const json = { url: 'http://127.0.0.1:9/hook', eventTypes: types.data };
  return (await chain.expectOk<{ id: string }>('billing-service', 'POST', '/v1/webhooks/endpoints', { ...token, json })).id;
}

/** Waits for a delivery to the endpoint, then disables it: no attempt runs (and no row is written) while tests count rows. */
async function disableWithDelivery(chain: ChainStack, tenant: Tenant, endpointId: string): Promise<string> {
  const token = { token: tenant.key };
  const log = await waitUntil(
    () => chain.expectOk<{ data: { id: string }[] }>('billing-service', 'GET', `/v1/webhooks/endpoints/${endpointId}/deliveries?limit=1`, token),
    (page) => page.data.length > 0,
    { what: 'a webhook delivery' },
  );
  await chain.expectOk('billing-service', 'POST', `/v1/webhooks/endpoints/${endpointId}/disable`, token);
  return log.data[0].id;
}

/** An eval of one string check over the version's documents, run to the end on the trained model. */
async function seedEval(chain: ChainStack, tenant: Tenant, datasetVersionId: string, modelId: string) {
  const token = { token: tenant.key };
  const created = await chain.expectOk<{ id: string }>('training-service', 'POST', '/v1/evals', {
    ...token,
    json: {
      name: 'chain',
      data_source_config: { type: 'dataset_version', dataset_version_id: datasetVersionId },
      testing_criteria: [{ type: 'string_check', name: 'has-e', input: '{{item.text}}', reference: 'e', operation: 'like' }],
    },
  });
  const run = await chain.expectOk<{ id: string }>('training-service', 'POST', `/v1/evals/${created.id}/runs`, { ...token, json: { data_source: { type: 'completions', model: modelId } } });
  const finished = await waitUntil(
    () => chain.expectOk<{ status: string; error: unknown }>('training-service', 'GET', `/v1/evals/${created.id}/runs/${run.id}`, token),
    (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status),
    { timeoutMs: 120_000, intervalMs: 500, what: `eval run ${run.id} to finish` },
  );
  if (finished.status !== 'succeeded') throw new Error(`eval run ${run.id} ${finished.status}: ${JSON.stringify(finished.error)}`);
  const items = await chain.expectOk<{ data: { id: string }[] }>('training-service', 'GET', `/v1/evals/${created.id}/runs/${run.id}/output_items?limit=1`, token);
  return { evalId: created.id, evalRunId: run.id, evalOutputItemId: items.data[0].id };
}

/** The smallest LoRA job (two steps, rank 2) on the imported GPT-2 base, then a merge of its adapter into the base, to its end. */
async function seedAdapterMerge(chain: ChainStack, tenant: Tenant, datasetVersionId: string, importId: string) {
  const token = { token: tenant.key };
  const imported = await chain.expectOk<{ modelId: string }>('training-service', 'GET', `/v1/models/imports/${importId}`, token);
  const body = { kind: 'finetune', datasetVersionId, baseModelId: imported.modelId, adapter: { type: 'lora', rank: 2 }, model: { contextLength: 16 }, hyperparameters: { steps: 2, batchSize: 2 } };
  const created = await chain.call('training-service', 'POST', '/v1/training/jobs', { ...token, json: body });
  if (created.status !== 201) throw new Error(`LoRA job: ${created.status} ${created.text}`);
  const jobId = (created.json as { id: string }).id;
  const finished = await waitUntil(
    () => chain.expectOk<{ status: string; modelId: string | null; error: unknown }>('training-service', 'GET', `/v1/training/jobs/${jobId}`, token),
    (job) => ['succeeded', 'failed', 'cancelled'].includes(job.status),
    { timeoutMs: 240_000, intervalMs: 1_000, what: `LoRA job ${jobId} to finish` },
  );
  if (finished.status !== 'succeeded' || !finished.modelId) throw new Error(`LoRA job ${jobId} ${finished.status}: ${JSON.stringify(finished.error)}`);
  const merge = await chain.call('training-service', 'POST', `/v1/models/${finished.modelId}/merge`, { ...token, json: {} });
  if (merge.status !== 201) throw new Error(`merge: ${merge.status} ${merge.text}`);
  const mergeId = (merge.json as { id: string }).id;
  // Waited for: a merge still converting writes no row for seconds, so tests that count rows could see it settle early.
  await waitUntil(
    () => chain.expectOk<{ status: string }>('training-service', 'GET', `/v1/models/merges/${mergeId}`, token),
    (m) => ['succeeded', 'failed', 'cancelled'].includes(m.status),
    { timeoutMs: 240_000, intervalMs: 1_000, what: `merge ${mergeId} to finish` },
  );
  return { adapterModelId: finished.modelId, mergeId };
}

async function seedData(chain: ChainStack, tenant: Tenant, seed: number) {
  const documents = [...generateCorpus({ targetBytes: 12_000, seed })];
  const form = new FormData();
  form.append('file', new Blob([documents.map(({ document }) => JSON.stringify({ text: document.text })).join('\n')]), 'chain.jsonl');
  const corpusId = (await chain.expectUploaded<{ id: string }>('data-service', '/corpora', tenant.key, form)).id;

  const token = { token: tenant.key };
  const run = await chain.expectOk<{ id: string }>('data-service', 'POST', '/cleaning-runs', { ...token, json: { corpusIds: [corpusId], datasetName: 'chain' } });
  const finished = await waitUntil(
    () => chain.expectOk<{ status: string; datasetVersionId: string | null; error: string | null }>('data-service', 'GET', `/cleaning-runs/${run.id}`, token),
    (r) => r.status === 'succeeded' || r.status === 'failed',
    { timeoutMs: 180_000, what: 'the cleaning run to finish' },
  );
  if (finished.status !== 'succeeded' || !finished.datasetVersionId) throw new Error(`cleaning run failed: ${finished.error}`);
  const datasetVersionId = finished.datasetVersionId;

  const project = await chain.expectOk<{ id: string }>('data-service', 'POST', '/annotation-projects', {
    ...token,
    json: { name: 'chain', sourceVersionId: datasetVersionId, labelSchema: { classes: ['keep', 'drop'] }, overlap: 1, instruction: 'Keep it?', maxDocuments: 3 },
  });
  const [task] = await chain.expectOk<{ taskId: string }[]>('data-service', 'POST', `/annotation-projects/${project.id}/hand-outs`, {
    ...token,
    json: { annotator: 'annotator-1', count: 1 },
  });
  const annotation = await chain.expectOk<{ id: string }>('data-service', 'POST', `/annotation-projects/${project.id}/annotations`, {
    ...token,
    json: { taskId: task.taskId, annotator: 'annotator-1', label: 'keep' },
  });
  return {
    corpusId,
    cleaningRunId: run.id,
    datasetVersionId,
    annotationProjectId: project.id,
    annotationTaskId: task.taskId,
    annotationId: annotation.id,
  };
}

/**
 * The smallest pretraining job (its own tokenizer, two steps of a one-layer model) through the training worker, once
 * training-service has learned of the dataset version from dataset.version.ready.
 */
async function seedTraining(chain: ChainStack, tenant: Tenant, datasetVersionId: string) {
  const body = {
    kind: 'pretrain',
    datasetVersionId,
    model: { layers: 1, heads: 2, embeddingSize: 16, contextLength: 32, vocabSize: 300 },
    hyperparameters: { steps: 2, batchSize: 2 },
  };
  const created = await waitUntil(
    () => chain.call('training-service', 'POST', '/v1/training/jobs', { token: tenant.key, json: body }),
    (reply) => reply.status !== 404,
    { timeoutMs: 60_000, what: 'training-service to learn of the dataset version' },
  );
  if (created.status !== 201) throw new Error(`training job: ${created.status} ${created.text}`);
  const jobId = (created.json as { id: string }).id;
  const finished = await waitUntil(
    () => chain.expectOk<{ status: string; modelId: string | null; error: unknown }>('training-service', 'GET', `/v1/training/jobs/${jobId}`, { token: tenant.key }),
    (job) => ['succeeded', 'failed', 'cancelled'].includes(job.status),
    { timeoutMs: 240_000, intervalMs: 1_000, what: `training job ${jobId} to finish` },
  );
  if (finished.status !== 'succeeded' || !finished.modelId) throw new Error(`training job ${jobId} ${finished.status}: ${JSON.stringify(finished.error)}`);
  return { trainingJobId: jobId, trainedModelId: finished.modelId };
}

/** An import of the tiny GPT-2 fixture, uploaded as a tar, waited for until it is registered. */
async function seedImport(chain: ChainStack, tenant: Tenant): Promise<string> {
  const fixture = path.join(__dirname, '../../libs/model-runtime/src/__fixtures__/hf/gpt2');
  const pack = tar.pack();
  for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors']) {
    pack.entry({ name: `tiny-gpt2/${file}` }, readFileSync(path.join(fixture, file)));
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const response = await fetch(`${chain.baseUrl('training-service')}/v1/models/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/x-tar' },
    body: Buffer.concat(chunks),
  });
  const created = (await response.json()) as { id: string };
  if (response.status !== 201) throw new Error(`model import: ${response.status} ${JSON.stringify(created)}`);
  const finished = await waitUntil(
    () => chain.expectOk<{ status: string; error: string | null }>('training-service', 'GET', `/v1/models/imports/${created.id}`, { token: tenant.key }),
    (i) => ['succeeded', 'failed'].includes(i.status),
    { timeoutMs: 120_000, intervalMs: 500, what: `model import ${created.id} to finish` },
  );
  if (finished.status !== 'succeeded') throw new Error(`model import ${created.id} ${finished.status}: ${finished.error}`);
  return created.id;
}

/** A user of the tenant and a second platform admin, for the user routes. */
async function seedUsers(chain: ChainStack, tenant: Tenant) {
  const admin = { token: chain.adminToken };
  const handle = tenant.id.slice(0, 8);
  const password = 'a long enough password';
  const user = await chain.expectOk<{ id: string }>('billing-service', 'POST', `/admin/tenants/${tenant.id}/users`, {
    ...admin,
    json: { email: `user-${handle}@chain.test`, password },
  });
  const ops = await chain.expectOk<{ id: string }>('billing-service', 'POST', '/admin/admins', { ...admin, json: { email: `ops-${handle}@chain.test`, password } });
  return { tenantUserId: user.id, adminUserId: ops.id };
}

/** A plan, a subscription from the first of last month, and last month's invoice, issued so the tenant sees it. */
async function seedInvoice(chain: ChainStack, tenant: Tenant) {
  const admin = { token: chain.adminToken };
  const planCode = `chain-${tenant.id.slice(0, 8)}`;
  const tiers = [{ upToTokens: null, unitPricePer1kMinor: 10 }];
  const plan = await chain.expectOk<{ id: string }>('billing-service', 'POST', '/admin/plans', {
    ...admin,
    json: {
      code: planCode,
      name: 'Chain',
      monthlyFeeMinor: 1_000,
      includedTokens: 1_000_000,
      requestsPerMinute: 6_000,
      tokensPerMinute: 1_000_000,
      quotaMode: 'soft',
      prices: { prompt: tiers, completion: tiers, training: tiers },
    },
  });
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const period = lastMonth.toISOString().slice(0, 7);
  await chain.expectOk('billing-service', 'PUT', `/admin/tenants/${tenant.id}/subscription`, {
    ...admin,
    json: { planId: plan.id, startsOn: lastMonth.toISOString().slice(0, 10) },
  });
  const invoice = await chain.expectOk<{ id: string }>('billing-service', 'POST', '/admin/invoices', { ...admin, json: { tenantId: tenant.id, period } });
  await chain.expectOk('billing-service', 'POST', `/admin/invoices/${invoice.id}/issue`, admin);
  const grant = await chain.expectOk<{ id: string }>('billing-service', 'POST', `/admin/tenants/${tenant.id}/credits/grants`, { ...admin, json: { tokens: 1_000, reason: 'chain' } });
  const budget = await chain.expectOk<{ id: string }>('billing-service', 'POST', `/admin/tenants/${tenant.id}/budgets`, {
    ...admin,
    json: { name: 'chain watch', limitTokens: 1_000_000, window: 'monthly', mode: 'soft' },
  });
  return { planId: plan.id, planCode, invoiceId: invoice.id, creditGrantId: grant.id, budgetId: budget.id };
}

/** A tiny model announced with model.registered as training-service would, once serving answers with it. */
async function seedModel(chain: ChainStack, tenant: Tenant): Promise<string> {
  const name = `chain-model-${tenant.id.slice(0, 8)}`;
  const artifactKey = `models/${randomUUID()}`;
  await exportTinyModel(chain.modelsDir(), artifactKey);
  const event = {
    id: randomUUID(),
    type: TOPICS.modelRegistered,
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'tests',
    data: {
      tenantId: tenant.id,
      modelId: randomUUID(),
      name,
      trainingJobId: randomUUID(),
      datasetVersionId: randomUUID(),
      artifactBlobKey: artifactKey,
      artifactSha256: await directoryArtifactSha256(path.join(chain.modelsDir(), artifactKey)),
      contextLength: 128,
    },
  };
  const producer = testKafka('chain-tests').producer();
  await producer.connect();
  try {
    await producer.send({ topic: `${chain.stack.topicPrefix}${TOPICS.modelRegistered}`, acks: -1, messages: [{ key: tenant.id, value: JSON.stringify(event) }] });
  } finally {
    await producer.disconnect();
  }
  await waitUntil(() => chain.call('serving-service', 'GET', `/v1/models/${name}`, { token: tenant.key }).then((r) => r.status), (s) => s === 200, {
    timeoutMs: 60_000,
    what: `model ${name} to be served`,
  });
  return name;
}
