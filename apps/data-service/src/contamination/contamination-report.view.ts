import { ContaminationReport } from '../generated/prisma/client';

/** A stored report as the API shows it: the findings of both sides beside its own fields. */
export function reportView(report: ContaminationReport) {
  return {
    id: report.id,
    object: 'dataset.contamination_report' as const,
    datasetVersionId: report.datasetVersionId,
    againstVersionId: report.againstVersionId,
    ngramWords: report.ngramWords,
    sharedNgrams: report.sharedNgrams,
    ...(report.report as object),
    createdAt: report.createdAt.toISOString(),
  };
}
