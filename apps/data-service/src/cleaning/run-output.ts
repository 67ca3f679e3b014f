import { CleaningOutcome, CleaningReport } from '@llmchain/data-cleaning';
import { BlobStore } from '@llmchain/platform';
import { randomUUID } from 'node:crypto';
import { DatasetVersionWriter } from '../datasets/dataset-version-writer';
import { DatasetsRepository } from '../datasets/datasets.repository';
import { CleaningRun, Corpus } from '../generated/prisma/client';
import { CleaningRepository } from './cleaning.repository';

/**
 * What a cleaning run writes: kept documents and every decision as the new version's files, then the version (row,
 * report, lineage and `dataset.version.ready`) published with the run marked succeeded, in one transaction.
 */
export class CleaningRunOutput {
  private readonly writer: DatasetVersionWriter;

  constructor(
    blobs: BlobStore,
    private readonly runs: CleaningRepository,
    private readonly datasets: DatasetsRepository,
    private readonly run: CleaningRun,
  ) {
    // Keyed by run, not version: a retry after a crash finds and removes what the dead attempt had committed.
    this.writer = new DatasetVersionWriter(blobs, `tenants/${run.tenantId}/cleaning-runs/${run.id}`, 'documents');
  }

  /** Removes what an earlier attempt of the run committed. */
  begin(): Promise<void> {
    return this.writer.removeCommitted();
  }

  async add({ decision, output }: CleaningOutcome): Promise<void> {
    await this.writer.addDecision(decision);
    if (output) await this.writer.addRecord(output, Buffer.byteLength(output.text));
  }

  async publish(report: CleaningReport, ordered: Corpus[]): Promise<void> {
    const { run } = this;
    const { manifestBlob } = await this.writer.finish();
    const version = {
      id: randomUUID(),
      tenantId: run.tenantId,
      manifestBlobKey: manifestBlob.key,
      manifestSha256: manifestBlob.sha256,
      documents: report.documentsOut,
      bytes: BigInt(report.bytesOut),
      estimatedTokens: BigInt(report.estimatedTokens),
      lineage: {
        cleaningRunId: run.id,
        sourceCorpora: ordered.map((c) => ({ id: c.id, sha256: c.sha256, filename: c.filename, documents: c.documents })),
        settings: report.settings,
        settingsHash: report.settingsHash,
      },
      report,
    };
    await this.datasets.publishVersion(run.tenantId, run.datasetName, version, (tx, created) => this.runs.markSucceeded(tx, run, created.id));
  }

  /** The run failed: its files are removed and it is marked failed with the reason. */
  async fail(error: Error): Promise<void> {
    await this.writer.abort().catch(() => undefined);
    await this.runs.markFailed(this.run.id, error.message);
  }
}
