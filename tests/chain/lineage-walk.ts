import { ChainResult } from '../../tools/main-job/chain/run-chain';
import { ChainStack } from './chain-stack';

type UsageEntry = {
  eventType: string;
  model: string | null;
  requestId: string | null;
  trainingJobId: string | null;
  /** Token counts come as decimal strings (bigint in the ledger). */
  tokens: { prompt: string; completion: string; training: string };
  lines: { position: number; meter: string; tokens: number }[];
};
type Invoice = { lines: { description: string; quantity?: string | number }[] };
type Decision = { documentId: string; status: string; rule?: string; duplicateOf?: string };

export type Lineage = {
  invoice: Invoice;
  servingEntries: UsageEntry[];
  trainingEntries: UsageEntry[];
  modelByName: { id: string; name: string; jobId: string; datasetVersionId: string };
  job: { id: string; datasetVersionId: string; modelId: string };
  version: { lineage: { cleaningRunId: string; sourceCorpora: { id: string; sha256: string }[] } };
  decisions: Decision[];
  corpus: { id: string; sha256: string };
};

/**
 * Walks back from the tenant's invoice to the uploaded corpus through the public APIs only: invoice → the usage events
 * behind its lines (billing) → the served model by name and the training job by id (training) → the dataset version,
 * its cleaning decisions and source corpus (data).
 */
export async function walkLineage(chain: ChainStack, result: ChainResult): Promise<Lineage> {
  const admin = { token: chain.adminToken };
  const tenant = { token: result.tenant.key };
  const tenantId = result.tenant.tenantId;
  const invoice = await chain.expectOk<Invoice>('billing-service', 'GET', `/admin/tenants/${tenantId}/invoices/upcoming`, admin);
  const entries = async (meter: string) =>
    (await chain.expectOk<{ data: UsageEntry[] }>('billing-service', 'GET', `/admin/tenants/${tenantId}/invoices/upcoming/usage?meter=${meter}&limit=100`, admin)).data;
  const servingEntries = await entries('completion');
  const trainingEntries = await entries('training');

  const servedName = servingEntries[0].model!;
  const models = await chain.expectOk<{ data: { id: string; name: string; jobId: string; datasetVersionId: string }[] }>(
    'training-service',
    'GET',
    '/v1/models?limit=100',
    tenant,
  );
  const modelByName = models.data.find((m) => m.name === servedName)!;
  const job = await chain.expectOk<Lineage['job']>('training-service', 'GET', `/v1/training/jobs/${trainingEntries[0].trainingJobId}`, tenant);
  const version = await chain.expectOk<Lineage['version']>('data-service', 'GET', `/dataset-versions/${job.datasetVersionId}`, tenant);
  const decisionsReply = await chain.call('data-service', 'GET', `/dataset-versions/${job.datasetVersionId}/decisions`, tenant);
  const decisions = decisionsReply.text.trim().split('\n').map((line) => JSON.parse(line) as Decision);
  const corpus = await chain.expectOk<Lineage['corpus']>('data-service', 'GET', `/corpora/${version.lineage.sourceCorpora[0].id}`, tenant);
  return { invoice, servingEntries, trainingEntries, modelByName, job, version, decisions, corpus };
}
