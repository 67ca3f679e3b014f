import { ContaminationReport } from '../generated/prisma/client';
import { ContaminationReportWire, StoredContaminationSides } from './contamination.schemas';

/** A stored report as the API shows it: the findings of both sides beside its own fields. */
export function reportView(report: ContaminationReport) {
  const sides = report.report as unknown as StoredContaminationSides;
  return {
    id: report.id,
    object: 'dataset.contamination_report' as const,
    datasetVersionId: report.datasetVersionId,
    againstVersionId: report.againstVersionId,
    ngramWords: report.ngramWords,
    sharedNgrams: report.sharedNgrams,
    datasetVersion: sides.datasetVersion,
    againstVersion: sides.againstVersion,
    createdAt: report.createdAt.toISOString(),
  } satisfies ContaminationReportWire;
}
