import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DatasetsRepository } from '../datasets/datasets.repository';
import { ContaminationReport } from '../generated/prisma/client';
import { contaminationFindings } from './contamination-report';
import { ContaminationRepository } from './contamination.repository';

/** Runs and stores contamination checks between two of a tenant's dataset versions. */
@Injectable()
export class ContaminationService {
  constructor(
    private readonly datasets: DatasetsRepository,
    private readonly reports: ContaminationRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async check(tenantId: string, versionId: string, againstVersionId: string): Promise<ContaminationReport> {
    const [version, against] = [await this.datasets.findVersion(tenantId, versionId), await this.datasets.findVersion(tenantId, againstVersionId)];
    if (!version) throw new NotFoundException(`no dataset version ${versionId}`);
    if (!against) throw new NotFoundException(`no dataset version ${againstVersionId} (againstVersionId)`);
    if (version.id === against.id) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['againstVersionId: must be another version than the one checked'] });
    let findings;
    try {
      findings = await contaminationFindings(this.blobs, version, against);
    } catch (error) {
      if (error instanceof RangeError) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [error.message] });
      throw error;
    }
    return this.reports.create({
      tenantId,
      datasetVersionId: version.id,
      againstVersionId: against.id,
      ngramWords: findings.ngramWords,
      sharedNgrams: findings.sharedNgrams,
      report: { datasetVersion: findings.datasetVersion, againstVersion: findings.againstVersion },
    });
  }

  /** Every report either side of which is this version, newest first. */
  async list(tenantId: string, versionId: string): Promise<ContaminationReport[]> {
    if (!(await this.datasets.findVersion(tenantId, versionId))) throw new NotFoundException(`no dataset version ${versionId}`);
    return this.reports.forVersion(tenantId, versionId);
  }
}
