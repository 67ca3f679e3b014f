import { TOPICS } from '@llmchain/contracts';
import { waitUntil } from '@llmchain/testing';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Tenant, TrainingHarness } from './training-harness';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * A dataset version of eval items written as data-service publishes one (a JSONL shard and a manifest in the blob
 * store, then dataset.version.ready), so an eval's items are exactly the records given, unaltered by cleaning.
 */
export async function evalDatasetVersion(harness: TrainingHarness, tenant: Tenant, records: object[]): Promise<string> {
  const versionId = randomUUID();
  const prefix = `tenants/${tenant.tenantId}/dataset-versions/${versionId}`;
  const write = (key: string, bytes: Buffer) => {
    const file = path.join(harness.blobDir, 'blobs', ...key.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return { key, bytes: bytes.length, sha256: sha256(bytes) };
  };
  const shard = write(`${prefix}/shard-00000.jsonl`, Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join('')));
  const manifest = Buffer.from(JSON.stringify({ format: 'documents', shards: [{ ...shard, documents: records.length }], documents: records.length, bytes: shard.bytes }));
  const manifestBlob = write(`${prefix}/manifest.json`, manifest);
  await harness.publish(
    TOPICS.datasetVersionReady,
    {
      tenantId: tenant.tenantId,
      datasetId: randomUUID(),
      datasetVersionId: versionId,
      manifestBlobKey: manifestBlob.key,
      manifestSha256: manifestBlob.sha256,
      documents: records.length,
      bytes: shard.bytes,
      estimatedTokens: Math.ceil(shard.bytes / 4),
    },
    tenant.tenantId,
  );
  await waitUntil(
    () => harness.trainingRows('SELECT 1 FROM dataset_version_replicas WHERE id = $1', [versionId]),
    (rows) => rows.length === 1,
    { timeoutMs: 60_000, what: 'dataset.version.ready in training-service' },
  );
  return versionId;
}
